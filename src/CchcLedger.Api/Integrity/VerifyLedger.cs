using CchcLedger.Domain.Integrity;
using CchcLedger.Projections;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CchcLedger.Api.Integrity;

public static class VerifyLedgerEndpoint
{
    /// <summary>Recomputes the hash chain from the first event: <c>{ok, eventsChecked, firstFailure: {sequence, stream, kind, detail}}</c>.</summary>
    [WolverineGet("/api/integrity/verification")]
    public static async Task<ChainReport> Get(IQuerySession session, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(session.DocumentStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync(ct);
        return await EventSeals.VerifyAsync(conn, ct);
    }
}
