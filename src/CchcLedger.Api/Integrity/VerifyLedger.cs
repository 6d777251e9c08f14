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
    [WolverineGet("/api/integrity/verification")]
    public static async Task<ChainReport> Get(IQuerySession session, CheckpointSigner signer, EventMacKey macKey, CancellationToken ct)
    {
        // Reading the whole ledger legitimately takes longer than a request's usual command time-out (LedgerDatabase).
        var whole = new NpgsqlConnectionStringBuilder(session.DocumentStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString)
        {
            CommandTimeout = WholeLedgerTimeoutSeconds,
        };
        await using var conn = new NpgsqlConnection(whole.ConnectionString);
        await conn.OpenAsync(ct);
        return await LedgerVerification.RunAsync(conn, signer.Key, CheckpointSigner.ReadWitness(signer.WitnessFile), macKey, ct);
    }
}

/// <summary>The whole verification, as the API and <c>cchc verify</c> run it: the chain, MACs and checkpoints, then the projections.</summary>
public static class LedgerVerification
{
    public static async Task<ChainReport> RunAsync(NpgsqlConnection conn, System.Security.Cryptography.ECDsa publicKey, IReadOnlyList<ChainCheckpointed> witness,
        EventMacKey macKey, CancellationToken ct = default)
    {
        var report = await EventSeals.VerifyAsync(conn, publicKey, witness, macKey.Key, macKey.RequiredFrom, ct);
        if (!report.Ok) return report;
        var (documents, failure) = await ProjectionAudit.RunAsync(conn, ct);
        return report with { Ok = failure is null, FirstFailure = failure, DocumentsChecked = documents };
    }
}

public static class PublicKeyEndpoint
{
    /// <summary>The public key that checkpoints verify against (PEM), for anyone who checks the ledger or a bundle.</summary>
    [WolverineGet("/api/integrity/public-key")]
    public static IResult Get(CheckpointSigner signer) => Results.Text(signer.PublicKeyPem, "application/x-pem-file");
}
