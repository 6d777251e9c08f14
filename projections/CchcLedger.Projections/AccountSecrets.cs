using Marten;
using Npgsql;

namespace CchcLedger.Projections;

/// <summary>An account's secret side, as stored: the password hash, whether it is a one-time password, and the lockout count.</summary>
public sealed record AccountSecret(string Login, string PasswordHash, bool MustChange, int FailedCount, DateTimeOffset? LockedUntil);

/// <summary>
/// Password hashes and lockout counters, beside the ledger and never in it: events are sealed, exported in bundles and
/// kept forever, so a secret must never enter one. This table is not part of the chain, the proofs or the bundles; the
/// application role reads and updates it (it is not the event store). A hash is written in the same transaction as the
/// event that explains it (an account created, a password reset or changed); failures and lockouts are counted here only.
/// </summary>
public static class AccountSecrets
{
    public const string Table = "account_secrets";
    private const string Qualified = $"{LedgerStore.SchemaName}.{Table}";

    public static Weasel.Postgresql.Tables.Table Schema()
    {
#pragma warning disable CS0618 // as in LedgerClock.Schema: this constructor quotes nothing, as wanted
        var table = new Weasel.Postgresql.Tables.Table(new Weasel.Postgresql.PostgresqlObjectName(LedgerStore.SchemaName, Table));
#pragma warning restore CS0618
        table.AddColumn<string>("login").AsPrimaryKey();
        table.AddColumn<string>("password_hash").NotNull();
        table.AddColumn<bool>("must_change").NotNull();
        table.AddColumn<int>("failed_count").NotNull().DefaultValueByExpression("0");
        table.AddColumn<DateTimeOffset>("locked_until");
        table.AddColumn<DateTimeOffset>("changed_at").NotNull();
        return table;
    }

    /// <summary>Queues the account's first password into the session's commit, beside the event that creates the account.</summary>
    public static void QueueCreate(IDocumentSession session, string login, string hash, bool mustChange, DateTimeOffset at) =>
        session.QueueSqlCommand($"insert into {Qualified} (login, password_hash, must_change, failed_count, changed_at) values (?, ?, ?, 0, ?)",
            login, hash, mustChange, at);

    /// <summary>Queues a new password into the session's commit (a reset or a change): the lockout count starts again.</summary>
    public static void QueueSet(IDocumentSession session, string login, string hash, bool mustChange, DateTimeOffset at) =>
        session.QueueSqlCommand($"update {Qualified} set password_hash = ?, must_change = ?, failed_count = 0, locked_until = null, changed_at = ? where login = ?",
            hash, mustChange, at, login);

    public static async Task<AccountSecret?> ReadAsync(NpgsqlConnection conn, string login, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand($"select password_hash, must_change, failed_count, locked_until from {Qualified} where login = @login", conn);
        cmd.Parameters.AddWithValue("login", login);
        await using var row = await cmd.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct)) return null;
        return new AccountSecret(login, row.GetString(0), row.GetBoolean(1), row.GetInt32(2), row.IsDBNull(3) ? null : row.GetFieldValue<DateTimeOffset>(3));
    }

    /// <summary>
    /// Counts a failed sign-in, in one statement (concurrent failures all count): the <paramref name="maxFailures"/>-th in a row
    /// locks the account until <paramref name="lockUntil"/> and starts the count again. Returns the count and the lock.
    /// </summary>
    public static async Task<(int Failures, DateTimeOffset? LockedUntil)> RecordFailureAsync(NpgsqlConnection conn, string login, int maxFailures, DateTimeOffset lockUntil,
        CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand(
            $"update {Qualified} set failed_count = case when failed_count + 1 >= @max then 0 else failed_count + 1 end, " +
            "locked_until = case when failed_count + 1 >= @max then @until else locked_until end " +
            "where login = @login returning failed_count, locked_until", conn);
        cmd.Parameters.AddWithValue("max", maxFailures);
        cmd.Parameters.AddWithValue("until", lockUntil);
        cmd.Parameters.AddWithValue("login", login);
        await using var row = await cmd.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct)) return (0, null);
        return (row.GetInt32(0), row.IsDBNull(1) ? null : row.GetFieldValue<DateTimeOffset>(1));
    }

    /// <summary>A successful sign-in: the count starts again, and a hash made with older parameters is replaced by <paramref name="rehashed"/>.</summary>
    public static async Task RecordSuccessAsync(NpgsqlConnection conn, string login, string? rehashed, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand(
            $"update {Qualified} set failed_count = 0, locked_until = null, password_hash = coalesce(@hash, password_hash) where login = @login", conn);
        cmd.Parameters.AddWithValue("hash", (object?)rehashed ?? DBNull.Value);
        cmd.Parameters.AddWithValue("login", login);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
