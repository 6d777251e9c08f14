using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Integrity;
using CchcLedger.Projections;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CchcLedger.Api.Integrity;

public static class VerifyLedgerEndpoint
{
    /// <summary>
    /// Recomputes the hash chain from the first event and checks every checkpoint, the ledger's and the witness
    /// file's, against the ledger's public key: <c>{ok, eventsChecked, checkpointsChecked, firstFailure}</c>; and the
    /// evidence store (<c>evidence</c>, see <see cref="Evidence.EvidenceVerification"/>).
    /// </summary>
    [WolverineGet("/api/integrity/verification")]
    public static async Task<System.Text.Json.Nodes.JsonObject> Get(IQuerySession session, CheckpointSigner signer, Evidence.IEvidenceStore evidence,
        Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(session.DocumentStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync(ct);
        var chain = await EventSeals.VerifyAsync(conn, signer.Key, CheckpointSigner.ReadWitness(signer.WitnessFile), ct);
        return Evidence.EvidenceVerification.Combine(chain, await Evidence.EvidenceVerification.VerifyAsync(conn, evidence, ct), json.Value.SerializerOptions);
    }
}

public static class PublicKeyEndpoint
{
    /// <summary>The public key that checkpoints verify against (PEM), for anyone who checks the ledger or a bundle.</summary>
    [WolverineGet("/api/integrity/public-key")]
    public static IResult Get(CheckpointSigner signer) => Results.Text(signer.PublicKeyPem, "application/x-pem-file");
}
