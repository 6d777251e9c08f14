using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Integrity;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CchcLedger.Api.Integrity;

/// <summary>
/// An agency's scorecard events, each as hashed, with what ties them to the latest signed checkpoint (docs/integrity/bundles.md,
/// "cchc-proof/2"). <see cref="Stream"/> is the stream and its last version at the checkpoint: the events are exactly its
/// versions 1…n. Events after the checkpoint are listed by sequence as not yet covered.
/// </summary>
public sealed record ScorecardProofView(string Format, int Year, string Agency, string PublicKey, StreamVersion? Stream, EventProof? Proof, IReadOnlyList<long> NotYetCovered)
{
    public const string CurrentFormat = "cchc-proof/2";
}

public static class ScorecardProofEndpoint
{
    [Api("Bằng chứng toàn vẹn của phiếu", "Integrity proof of a scorecard")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ScorecardProofView>(200)]
    [Refuses(404)]
    [WolverineGet("/api/years/{year}/scorecards/{agency}/proof")]
    public static async Task<IResult> Get(int year, string agency, IQuerySession session, CheckpointSigner signer, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(session.DocumentStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync(ct);
        var key = Scorecard.StreamKey(year, agency);
        var all = await EventProofs.SequencesAsync(conn, [key], long.MaxValue, ct);
        if (all.Count == 0) return Problems.Make(404, "Not found", "agency", $"'{agency}' has no scorecard for {year}");

        var checkpoint = (await EventSeals.CheckpointsAsync(conn, ct)).MaxBy(c => c.Sequence);
        var proof = checkpoint is null ? null : await EventProofs.BuildAsync(conn, checkpoint, [key], checkpoint.Sequence, null, ct);
        var covered = proof?.Events.Select(e => e.Sequence).ToHashSet() ?? [];
        var stream = proof is null ? null : new StreamVersion(key, proof.Events.Count == 0 ? 0 : proof.Events.Max(e => e.Version));
        return Results.Ok(new ScorecardProofView(ScorecardProofView.CurrentFormat, year, agency, signer.PublicKeyPem, stream, proof,
            all.Where(s => !covered.Contains(s)).Order().ToList()));
    }
}
