using System.CommandLine;
using CchcLedger.Api.Accounts;
using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Accounts;
using CchcLedger.Projections;
using Microsoft.Extensions.Logging;

namespace CchcLedger.Cli;

/// <summary>
/// <c>cchc account create-admin</c>: the first administrator of a ledger (Production starts with no account). Recorded by the
/// ledger's own principal, in one transaction: the account and its administrator role, by the decision given.
/// </summary>
internal static class AccountCommands
{
    public static Command Build()
    {
        var login = new Option<string>("--login") { Description = "The administrator's login (3–64 lower-case letters, digits, . _ - @)", Required = true };
        var name = new Option<string>("--name") { Description = "The person's name, as events will record it", Required = true };
        var decision = new Option<string>("--decision") { Description = "The decision that names them administrator", DefaultValueFactory = _ => "Khởi tạo hệ thống (cchc account create-admin)" };
        var fromStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (one line); otherwise a one-time password is made, printed once, and must be changed at the first sign-in" };
        var createAdmin = new Command("create-admin", "Create an administrator account (the first one of a Production ledger)");
        LedgerConnection.AddOptions(createAdmin);
        createAdmin.Options.Add(login);
        createAdmin.Options.Add(name);
        createAdmin.Options.Add(decision);
        createAdmin.Options.Add(fromStdin);
        createAdmin.SetAction(async (parse, ct) =>
        {
            var password = parse.GetValue(fromStdin) ? Console.In.ReadLine() : null;
            if (parse.GetValue(fromStdin) && string.IsNullOrEmpty(password)) { Console.Error.WriteLine("--password-stdin: no password on standard input"); return 2; }
            try
            {
                await using var ledger = await LedgerConnection.OpenAsync(parse, CliOptions.Logs.CreateLogger("cchc"), ct);
                using var acting = CurrentActor.Use(new ActorInfo("cchc account create-admin", Roles.System, [], null));
                await using var session = ledger.Store.LightweightSession();
                var (account, oneTime, refusal) = await CreateAccountEndpoint.CreateAsync(session, new AccountPasswords(), DateTimeOffset.UtcNow,
                    new CreateAccount(parse.GetValue(login), parse.GetValue(name), null, "Quản trị viên tạo bằng công cụ cchc", parse.GetValue(decision)), password,
                    grant: new GrantRole(AccountRoles.Administrator, [], "Quản trị viên tạo bằng công cụ cchc", parse.GetValue(decision)), ct: ct);
                if (refusal is not null)
                {
                    Console.Error.WriteLine($"cchc account create-admin: {(refusal.Field == "password" ? "--password-stdin" : "--" + refusal.Field)}: {refusal.Reason}");
                    return 2;
                }
                Console.WriteLine($"Account {account!.Login} ({account.Name}) created as administrator.");
                if (oneTime is not null)
                {
                    Console.WriteLine("One-time password (shown this once; it must be changed at the first sign-in):");
                    Console.WriteLine(oneTime);
                }
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException)
            {
                Console.Error.WriteLine($"cchc account create-admin: {e.Message}");
                return 2;
            }
        });
        var account = new Command("account", "Accounts of the ledger");
        account.Subcommands.Add(createAdmin);
        return account;
    }
}
