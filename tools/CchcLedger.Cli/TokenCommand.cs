using System.CommandLine;
using CchcLedger.Api.Hosting;
using Microsoft.Extensions.Configuration;

namespace CchcLedger.Cli;

/// <summary><c>cchc token</c>: a bearer token signed with the ledger's configured key (Auth__SigningKey, or the development key).</summary>
internal static class TokenCommand
{
    public static Command Build()
    {
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}", Required = true };
        var name = new Option<string>("--name") { Description = "The person's name, as events will record it", Required = true };
        var agencies = new Option<string[]>("--agency") { Description = "An agency code the token may act for (agency-officer; repeatable)", AllowMultipleArgumentsPerToken = true };
        var days = new Option<int>("--days") { Description = "Days until the token expires", DefaultValueFactory = _ => 7 };
        var command = new Command("token", "Issue a bearer token for local use and tests, signed with the ledger's key");
        command.Options.Add(role);
        command.Options.Add(name);
        command.Options.Add(agencies);
        command.Options.Add(days);
        command.SetAction(parse =>
        {
            var (r, n, scope, d) = (parse.GetValue(role)!, parse.GetValue(name)!.Normalize(), parse.GetValue(agencies) ?? [], parse.GetValue(days));
            if (!Roles.All.Contains(r)) { Console.Error.WriteLine($"--role: '{r}' is not a role; roles are {string.Join(", ", Roles.All)}"); return 2; }
            if (r == Roles.AgencyOfficer && scope.Length == 0) { Console.Error.WriteLine("--agency: an agency officer's token names its agencies"); return 2; }
            if (r != Roles.AgencyOfficer && scope.Length > 0) { Console.Error.WriteLine("--agency: only an agency officer's token is scoped to agencies"); return 2; }
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            var settings = AuthSettings.From(configuration, production: Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") == "Production");
            if (d < 1 || TimeSpan.FromDays(d) > settings.MaxLifetime)
            {
                Console.Error.WriteLine($"--days: must be between 1 and {settings.MaxLifetime.TotalDays:0} (Auth__MaxTokenLifetimeDays); the ledger refuses longer-lived tokens");
                return 2;
            }
            Console.WriteLine(settings.Issue(n, r, scope, TimeSpan.FromDays(d), DateTimeOffset.UtcNow));
            return 0;
        });
        return command;
    }
}
