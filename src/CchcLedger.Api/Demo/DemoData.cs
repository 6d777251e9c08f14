using System.Text.Json;
using System.Text.Json.Serialization;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Api.Demo;

/// <summary>The Lạng Sơn 2017 demo file (Demo/lang-son-2017.json): agencies, criteria sets and every agency's entries.</summary>
public sealed record DemoData(
    string About,
    int Year,
    DemoActors Actors,
    IReadOnlyList<RegisterAgency> Agencies,
    IReadOnlyList<DemoCriteriaSet> CriteriaSets,
    IReadOnlyList<DemoScorecard> Scorecards,
    DemoStoryline? Story = null,
    IReadOnlyList<CchcLedger.Domain.Blocks.DefineBlock>? Blocks = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string DefaultPath() => Path.Combine(AppContext.BaseDirectory, "Demo", "lang-son-2017.json");

    public static DemoData Read(string path) =>
        JsonSerializer.Deserialize<DemoData>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty");

    /// <summary>
    /// A value as the file writes it: "n/d" for ratio leaves, a number for points, or a count for count bands.
    /// </summary>
    public static LeafValue ValueFor(CriterionNode leaf, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString()!.Split('/') is [var n, var d])
            return LeafValue.OfRatio(decimal.Parse(n), decimal.Parse(d));
        var number = value.GetDecimal();
        return leaf is { Method: LeafMethod.Bands, Basis: BandBasis.Count } ? LeafValue.OfCount(number) : LeafValue.OfPoints(number);
    }
}

public sealed record DemoActors(string CriteriaAdmin, string Appraiser, string Survey, string Council, string OfficerSuffix);

public sealed record DemoCriteriaSet(
    string Id,
    int Year,
    string Block,
    string Title,
    string AdoptionDecisionRef,
    IReadOnlyList<CriterionNode> Areas,
    IReadOnlyList<ClassBand> ClassBands,
    RoundingRule Rounding,
    TieRule TieRule);

public sealed record DemoAppraisal(JsonElement Value, string Note);

public sealed record DemoAdjustment(string Criterion, JsonElement Value, string Reason, string DecisionRef);

public sealed record DemoScorecard(
    string Agency,
    decimal ExpectedTotal,
    IReadOnlyDictionary<string, JsonElement> Self,
    IReadOnlyDictionary<string, DemoAppraisal> Appraisal,
    IReadOnlyDictionary<string, decimal> Survey,
    IReadOnlyList<DemoAdjustment> Adjustments);

/// <summary>
/// The invented calendar of a demo year (Vietnam time) and what happens after the scores: preliminary results, the
/// agencies' appeals and the council's decisions, and the publication of each block by decision.
/// </summary>
public sealed record DemoStoryline(
    DateTimeOffset Registration,
    DateTimeOffset SelfAssessment,
    DateTimeOffset Appraisal,
    DateTimeOffset Survey,
    DateTimeOffset Adjustments,
    DateTimeOffset Preliminary,
    int AppealWindowDays,
    IReadOnlyList<DemoAppeal> Appeals,
    DateTimeOffset Publication,
    IReadOnlyDictionary<string, string> PublicationDecisions);

/// <summary>An agency's appeal on a leaf, filed at <see cref="Filed"/>, then decided or withdrawn at <see cref="Closed"/>.</summary>
public sealed record DemoAppeal(
    string Agency,
    string Criterion,
    decimal RequestedPoints,
    string Argument,
    DateTimeOffset Filed,
    DateTimeOffset Closed,
    string? WithdrawalReason,
    string? Outcome,
    string? Reason,
    string? DecisionRef,
    int MembersPresent,
    int VotesFor,
    int VotesAgainst);
