using CchcLedger.Domain.Agencies;
using JasperFx.Events;
using Marten;

namespace CchcLedger.Projections;

/// <summary>An agency as it stood from <see cref="ValidFrom"/> until <see cref="ValidTo"/>: past views show the names agencies had then.</summary>
public sealed record AgencyVersion(string Id, string Code, Agency Agency, DateTimeOffset ValidFrom, DateTimeOffset ValidTo);

/// <summary>Keeps <see cref="AgencyVersion"/>s: called by <see cref="LedgerClock"/> in the appending transaction.</summary>
public static class AgencyHistory
{
    public static async Task RecordAsync(IDocumentSession session, IReadOnlyList<StreamAction> streams, DateTimeOffset recordedAt, CancellationToken ct)
    {
        foreach (var stream in streams.Where(s => s.Key?.StartsWith("agency-", StringComparison.Ordinal) == true))
        {
            var agency = await session.LoadAsync<Agency>(stream.Key!, ct);
            agency = stream.Events.Aggregate(agency, (a, e) => Agency.Evolve(a, e.Data));
            if (agency is null) continue;

            var previous = await session.Query<AgencyVersion>()
                .Where(v => v.Code == agency.Code && v.ValidTo == ScoreVersion.Open)
                .FirstOrDefaultAsync(ct);
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
