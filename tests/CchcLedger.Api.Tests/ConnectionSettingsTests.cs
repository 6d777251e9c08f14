namespace CchcLedger.Api.Tests;

/// <summary>The connection settings the ledger adds to the one it is given (LedgerDatabase.WithTimeouts).</summary>
public class ConnectionSettingsTests
{
    private static readonly Microsoft.Extensions.Configuration.IConfiguration None = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();

    [Fact]
    public void the_ledger_prepares_statements_and_keeps_pooled_connections_unless_the_connection_string_says_otherwise()
    {
        var defaults = new Npgsql.NpgsqlConnectionStringBuilder(CchcLedger.Api.Hosting.LedgerDatabase.WithTimeouts("Host=db;Database=cchc;Username=cchc_app", None));
        Assert.Equal((100, 2, true, 3, 5), (defaults.MaxAutoPrepare, defaults.AutoPrepareMinUsages, defaults.NoResetOnClose, defaults.Timeout, defaults.CommandTimeout));

        // An operator behind a pooler that cannot keep prepared statements turns them off, and may want resets back.
        var given = new Npgsql.NpgsqlConnectionStringBuilder(CchcLedger.Api.Hosting.LedgerDatabase.WithTimeouts(
            "Host=db;Database=cchc;Username=cchc_app;Max Auto Prepare=0;no reset on close=false", None));
        Assert.Equal((0, false), (given.MaxAutoPrepare, given.NoResetOnClose));
    }
}

public class StoreConnectionTests
{
    [Fact]
    public void the_connections_the_ledger_opens_from_its_store_keep_the_password()
    {
        // The seal's installation, idempotency keys and verification open connections from the store's connection
        // string: a server that asks for a password must get it (found by an operator's trial with scram-sha-256).
        using var store = Marten.DocumentStore.For(o => Projections.LedgerStore.Configure(o, "Host=db.internal;Database=cchc;Username=cchc_app;Password=mật-khẩu-app", TimeProvider.System));
        var opened = new Npgsql.NpgsqlConnectionStringBuilder(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        Assert.Equal("mật-khẩu-app", opened.Password);
    }
}
