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
    /// file's, against the ledger's public key: <c>{ok, eventsChecked, checkpointsChecked, firstFailure}</c>.
    /// </summary>
    [WolverineGet("/api/integrity/verification")]
    public static async Task<ChainReport> Get(IQuerySession session, CheckpointSigner signer, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(session.DocumentStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync(ct);
        return await EventSeals.VerifyAsync(conn, signer.Key, CheckpointSigner.ReadWitness(signer.WitnessFile), ct);
    }
}

public static class PublicKeyEndpoint
{
    /// <summary>The public key that checkpoints verify against (PEM), for anyone who checks the ledger or a bundle.</summary>
    [WolverineGet("/api/integrity/public-key")]
    public static IResult Get(CheckpointSigner signer) => Results.Text(signer.PublicKeyPem, "application/x-pem-file");
}
