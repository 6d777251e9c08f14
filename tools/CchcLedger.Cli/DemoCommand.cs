using System.CommandLine;
using CchcLedger.Api.Demo;
using Microsoft.Extensions.Logging;

namespace CchcLedger.Cli;

/// <summary><c>cchc demo</c>: loads the Lạng Sơn 2017 demo into a database, through the ledger's own commands. Idempotent.</summary>
internal static class DemoCommand
{
    public static Command Build()
    {
        var file = new Option<string?>("--file") { Description = "The demo file; default: the Lạng Sơn 2017 demo shipped with the ledger" };
        var command = new Command("demo", "Load the Lạng Sơn 2017 demo (31 agencies, 2 criteria sets, every scorecard) into a database");
        LedgerConnection.AddOptions(command);
        command.Options.Add(file);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                await using var ledger = await LedgerConnection.OpenAsync(parse, CliOptions.Logs.CreateLogger("cchc"), ct);
                var report = await DemoLoader.LoadAsync(ledger.Store, DemoData.Read(parse.GetValue(file) ?? DemoData.DefaultPath()), ct);
                Console.WriteLine($"Lạng Sơn 2017 demo: {report}");
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or InvalidDataException or Npgsql.NpgsqlException or FileNotFoundException)
            {
                Console.Error.WriteLine($"cchc demo: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
