using System.CommandLine;
using CchcLedger.Api.Hosting;
using Microsoft.Extensions.Logging;

namespace CchcLedger.Cli;

/// <summary><c>cchc db start|stop|status</c>: the private PostgreSQL cluster the API uses when no connection string is set.</summary>
internal static class DbCommands
{
    public static Command Build()
    {
        var db = new Command("db", "Start, stop or show the local PostgreSQL cluster (kept under .data/pg)");
        db.Subcommands.Add(With(new Command("start", "Start the local cluster (creating it on first use) and leave it running"), async parse =>
        {
            var pg = LocalPostgres.Open(CliOptions.Local(parse), Log);
            await pg.StartAsync();
            Console.WriteLine($"running   {pg.DataDir} on 127.0.0.1:{pg.Port}");
            Console.WriteLine($"ConnectionStrings__Ledger=\"{pg.ConnectionString}\"");
            return 0;
        }));
        db.Subcommands.Add(With(new Command("stop", "Stop the local cluster"), async parse =>
        {
            var pg = LocalPostgres.Open(CliOptions.Local(parse), Log);
            if (!pg.IsRunning) { Console.WriteLine($"not running   {pg.DataDir}"); return 0; }
            await pg.StopAsync();
            Console.WriteLine($"stopped   {pg.DataDir}");
            return 0;
        }));
        db.Subcommands.Add(With(new Command("status", "Show whether the local cluster is running, where and on which port"), parse =>
        {
            var pg = LocalPostgres.Open(CliOptions.Local(parse), Log);
            if (!pg.IsRunning)
            {
                Console.WriteLine($"not running   {pg.DataDir}{(Directory.Exists(pg.DataDir) ? "" : " (not created yet)")}");
                return Task.FromResult(3);
            }
            Console.WriteLine($"running   {pg.DataDir} on 127.0.0.1:{pg.RunningPort()}");
            return Task.FromResult(0);
        }));
        return db;
    }

    private static ILogger Log => CliOptions.Logs.CreateLogger("cchc");

    private static Command With(Command command, Func<ParseResult, Task<int>> action)
    {
        command.Options.Add(CliOptions.Folder);
        command.Options.Add(CliOptions.Port);
        command.SetAction(async (parse, _) =>
        {
            try { return await action(parse); }
            catch (InvalidOperationException e) { Console.Error.WriteLine($"cchc: {e.Message}"); return 2; }
        });
        return command;
    }
}
