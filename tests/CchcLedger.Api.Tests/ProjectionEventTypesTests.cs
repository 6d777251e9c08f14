using System.Runtime.CompilerServices;
using CchcLedger.Domain.Access;
using CchcLedger.Domain.Accounts;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Blocks;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using JasperFx.Events.Projections;

namespace CchcLedger.Api.Tests;

/// <summary>
/// Each inline projection names the events its aggregate's <c>Evolve</c> reacts to, so that a commit of other streams does
/// not load its document. A name missing from the list would leave the document behind its events, so the list is checked
/// against <c>Evolve</c> itself: every type of the domain is offered to it, and the ones it does not hand back untouched
/// are the ones it reacts to.
/// </summary>
public class ProjectionEventTypesTests
{
    public static TheoryData<string> Projections => [.. Cases.Keys];

    private static readonly Dictionary<string, (EventFilterable Projection, Type Aggregate, Func<object?, object, object?> Evolve)> Cases = new()
    {
        ["agency"] = (new AgencyProjection(), typeof(Agency), (s, e) => Agency.Evolve((Agency?)s, e)),
        ["block"] = (new BlockProjection(), typeof(Block), (s, e) => Block.Evolve((Block?)s, e)),
        ["criteria set"] = (new CriteriaSetProjection(), typeof(CriteriaSet), (s, e) => CriteriaSet.Evolve((CriteriaSet?)s, e)),
        ["scorecard"] = (new ScorecardProjection(), typeof(Scorecard), (s, e) => Scorecard.Evolve((Scorecard?)s, e)),
        ["results round"] = (new ResultsRoundProjection(), typeof(ResultsRound), (s, e) => ResultsRound.Evolve((ResultsRound?)s, e)),
        ["revoked token"] = (new RevokedTokenProjection(), typeof(RevokedToken), (s, e) => RevokedToken.Evolve((RevokedToken?)s, e)),
        ["account"] = (new AccountProjection(), typeof(Account), (s, e) => Account.Evolve((Account?)s, e)),
    };

    [Theory]
    [MemberData(nameof(Projections))]
    public void a_projection_includes_exactly_the_events_its_aggregate_reacts_to(string name)
    {
        var (projection, aggregate, evolve) = Cases[name];
        var state = RuntimeHelpers.GetUninitializedObject(aggregate);
        var reactsTo = typeof(Agency).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && !t.IsDefined(typeof(CompilerGeneratedAttribute), false))
            .Where(t =>
            {
                var e = RuntimeHelpers.GetUninitializedObject(t);
                try { return !ReferenceEquals(evolve(state, e), state); }
                catch (Exception) { return true; } // it read the event or the state: it reacts to it
            })
            .Select(t => t.Name).Order().ToList();

        Assert.NotEmpty(reactsTo);
        Assert.Equal(reactsTo, projection.IncludedEventTypes.Select(t => t.Name).Order().ToList());
    }
}
