using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Integrity;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CchcLedger.Api.Integrity;

/// <summary>An agency's scorecard events with what ties them to the latest signed checkpoint; events after it are listed as not yet covered.</summary>
public sealed record ScorecardProofView(int Year, string Agency, string PublicKey, EventProof? Proof, IReadOnlyList<long> NotYetCovered);

public static class ScorecardProofEndpoint
{
    [WolverineGet("/api/years/{year}/scorecards/{agency}/proof")]
    public static async Task<IResult> Get(int year, string agency, IQuerySession session, CheckpointSigner signer, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(session.DocumentStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync(ct);
        var all = await EventProofs.SequencesAsync(conn, [Scorecard.StreamKey(year, agency)], long.MaxValue, ct);
        if (all.Count == 0) return Problems.Make(404, "Not found", "agency", $"'{agency}' has no scorecard for {year}");

        var checkpoint = (await EventSeals.CheckpointsAsync(conn, ct)).MaxBy(c => c.Sequence);
        var proof = checkpoint is null ? null : await EventProofs.BuildAsync(conn, checkpoint, all, ct);
        var covered = proof?.Events.Select(e => e.Sequence).ToHashSet() ?? [];
        return Results.Ok(new ScorecardProofView(year, agency, signer.PublicKeyPem, proof, all.Where(s => !covered.Contains(s)).Order().ToList()));
    }
}
