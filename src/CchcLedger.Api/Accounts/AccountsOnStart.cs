using CchcLedger.Api.Demo;
using CchcLedger.Domain.Accounts;
using CchcLedger.Projections;
using Marten;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace CchcLedger.Api.Accounts;

/// <summary>
/// Production starts with no account but those its administrators create (the first with <c>cchc account create-admin</c>)
/// and never with the demo's, whose passwords are published: it refuses to start when <c>Demo:Accounts</c> is asked for, when
/// an account created by the demo exists, or when an account of a demo login still has the demo's password.
/// </summary>
public sealed class AccountsOnStart(IDocumentStore store, IHostEnvironment environment, IConfiguration configuration, AccountPasswords passwords) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!environment.IsProduction()) return;
        if (configuration.GetValue("Demo:Accounts", false))
            throw new InvalidOperationException("The ledger refuses to start in Production with Demo:Accounts: the demo's accounts have published passwords.");
        await using var session = store.QuerySession();
        var demo = (await session.Query<Account>().ToListAsync(ct)).Where(a => a.Demo || DemoAccounts.All.Any(d => d.Login == a.Login)).ToList();
        if (demo.FirstOrDefault(a => a.Demo) is { } created)
            throw new InvalidOperationException($"The ledger refuses to start in Production: account '{created.Login}' was created by the demo and its password is published. Disable it from a development copy, or start from a ledger without the demo's accounts.");
        await using var conn = (NpgsqlConnection)store.Options.Tenancy.Default.Database.CreateConnection();
        await conn.OpenAsync(ct);
        foreach (var account in demo)
            if (await AccountSecrets.ReadAsync(conn, account.Login, ct) is { } secret && passwords.Verify(secret.PasswordHash, DemoAccounts.Password) != PasswordVerificationResult.Failed)
                throw new InvalidOperationException($"The ledger refuses to start in Production: account '{account.Login}' has the demo's published password. Reset its password first.");
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
