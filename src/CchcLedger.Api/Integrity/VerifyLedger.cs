using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Integrity;
using CchcLedger.Projections;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CchcLedger.Api.Integrity;

public static class VerifyLedgerEndpoint
{
    public const int WholeLedgerTimeoutSeconds = 600;

    /// <summary>
    /// Recomputes the hash chain from the first event with every event's MAC, checks every checkpoint, the ledger's and
    /// the witness file's, against the ledger's public key, then audits every projection against the events:
    /// <c>{ok, eventsChecked, checkpointsChecked, firstFailure, macsFrom, macsChecked, documentsChecked}</c>.
    /// </summary>
    [Api("Kiểm tra toàn vẹn sổ cái", "Verify the whole ledger")]
    [WolverineGet("/api/integrity/verification")]
    public static async Task<LedgerReport> Get(IQuerySession session, CheckpointSigner signer, EventMacKey macKey, Evidence.IEvidenceStore evidence, CancellationToken ct)
    {
        // Reading the whole ledger legitimately takes longer than a request's usual command time-out (LedgerDatabase).
        var whole = new NpgsqlConnectionStringBuilder(session.DocumentStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString)
        {
            CommandTimeout = WholeLedgerTimeoutSeconds,
        };
        await using var conn = new NpgsqlConnection(whole.ConnectionString);
        await conn.OpenAsync(ct);
        return await LedgerVerification.RunAsync(conn, signer.Key, CheckpointSigner.ReadWitness(signer.WitnessFile), macKey, evidence, ct);
    }
}

/// <summary>
/// The ledger's whole verification: the chain, MACs and checkpoints, the projections, and the evidence store.
/// <see cref="Ok"/> only when all hold; <see cref="FirstFailure"/> is the chain's first failure, else the projections',
/// else the first file that fails (kind <c>evidence</c>, at the first event citing it).
/// </summary>
public sealed record LedgerReport(bool Ok, long EventsChecked, int CheckpointsChecked, ChainFailure? FirstFailure, long? MacsFrom, long MacsChecked,
    int DocumentsChecked, Evidence.EvidenceReport Evidence);

/// <summary>The whole verification, as the API and <c>cchc verify</c> run it: the chain, MACs and checkpoints, then the projections, then the evidence.</summary>
public static class LedgerVerification
{
    public static async Task<LedgerReport> RunAsync(NpgsqlConnection conn, System.Security.Cryptography.ECDsa publicKey, IReadOnlyList<ChainCheckpointed> witness,
        EventMacKey macKey, Evidence.IEvidenceStore evidenceStore, CancellationToken ct = default)
    {
        var report = await EventSeals.VerifyAsync(conn, publicKey, witness, macKey.Key, macKey.RequiredFrom, ct);
        if (report.Ok)
        {
            var (documents, failure) = await ProjectionAudit.RunAsync(conn, ct);
            report = report with { Ok = failure is null, FirstFailure = failure, DocumentsChecked = documents };
        }
        var evidence = await Evidence.EvidenceVerification.VerifyAsync(conn, evidenceStore, ct);
        var result = new LedgerReport(report.Ok && evidence.Ok, report.EventsChecked, report.CheckpointsChecked,
            report.FirstFailure ?? Evidence.EvidenceVerification.FirstFailure(evidence), report.MacsFrom, report.MacsChecked, report.DocumentsChecked, evidence);
        LedgerTelemetry.Verifications.Add(1, new KeyValuePair<string, object?>("verdict", result.Ok ? "ok" : result.FirstFailure?.Kind ?? "failed"));
        return result;
    }
}

public static class PublicKeyEndpoint
{
    /// <summary>The public key that checkpoints verify against (PEM), for anyone who checks the ledger or a bundle.</summary>
    [Api("Khóa công khai để kiểm tra", "The public key checkpoints verify against")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(string), 200, "application/x-pem-file")]
    [WolverineGet("/api/integrity/public-key")]
    public static IResult Get(CheckpointSigner signer) => Results.Text(signer.PublicKeyPem, "application/x-pem-file");
}
