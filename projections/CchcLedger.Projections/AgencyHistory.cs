using CchcLedger.Domain.Agencies;
using JasperFx.Events;
using Marten;

namespace CchcLedger.Projections;

/// <summary>An agency as it stood from <see cref="ValidFrom"/> until <see cref="ValidTo"/>: past views show the names agencies had then.</summary>
public sealed record AgencyVersion(string Id, string Code, Agency Agency, DateTimeOffset ValidFrom, DateTimeOffset ValidTo);

/// <summary>Keeps <see cref="AgencyVersion"/>s: called by <see cref="LedgerClock"/> in the appending transaction.</summary>
public static class AgencyHistory
{
    /// <summary>Each agency as the commit leaves it, with its open version: read before the clock is taken.</summary>
    public sealed record Prepared(IReadOnlyList<(Agency Agency, AgencyVersion? Open)> Agencies);

    public static async Task<Prepared> PrepareAsync(IDocumentSession session, IReadOnlyList<StreamAction> streams, CancellationToken ct)
    {
        var agencies = new List<(Agency, AgencyVersion?)>();
        foreach (var stream in streams.Where(s => s.Key?.StartsWith("agency-", StringComparison.Ordinal) == true))
        {
            var agency = stream.Events.Aggregate(await session.LoadAsync<Agency>(stream.Key!, ct), (a, e) => Agency.Evolve(a, e.Data));
            if (agency is null) continue;
            var open = await session.Query<AgencyVersion>()
                .Where(v => v.Code == agency.Code && v.ValidTo == ScoreVersion.Open)
                .FirstOrDefaultAsync(ct);
            agencies.Add((agency, open));
        }
        return new Prepared(agencies);
    }

    public static void Record(IDocumentSession session, Prepared prepared, DateTimeOffset recordedAt)
    {
        foreach (var (agency, previous) in prepared.Agencies)
        {
            var (closed, next) = Next(previous, agency, recordedAt);
            if (closed is not null) session.Store(closed);
            session.Store(next);
        }
    }

    /// <summary>The one rule of the history, shared by the commit-time projection and the projection audit (see <see cref="ScoreHistory.Next"/>).</summary>
    public static (AgencyVersion? Closed, AgencyVersion Next) Next(AgencyVersion? open, Agency agency, DateTimeOffset recordedAt) =>
        (open is not null && open.ValidFrom < recordedAt ? open with { ValidTo = recordedAt } : null,
            new AgencyVersion($"{agency.Code}@{recordedAt.UtcTicks}", agency.Code, agency, recordedAt, ScoreVersion.Open));

    /// <summary>The named agencies as they stood at the cut; agencies that did not exist yet are missing.</summary>
    public static async Task<IReadOnlyDictionary<string, Agency>> ValidAtAsync(IQuerySession session, IReadOnlyCollection<string> codes, DateTimeOffset bound, CancellationToken ct = default) =>
        (await session.Query<AgencyVersion>()
            .Where(v => v.Code.IsOneOf(codes.ToArray()) && v.ValidTo >= bound && v.ValidFrom < bound)
            .ToListAsync(ct))
        .ToDictionary(v => v.Code, v => v.Agency);
}
