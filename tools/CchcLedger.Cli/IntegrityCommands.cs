using System.CommandLine;
using CchcLedger.Projections;
using Npgsql;

namespace CchcLedger.Cli;

/// <summary><c>cchc verify</c>: recomputes the hash chain over every event; exit 1 when it breaks.</summary>
internal static class IntegrityCommands
{
    public static Command Build() =>
        ReadCommands.OnLedger("verify", "Recompute the hash chain from the first event; exits 1 at the first altered, missing, inserted or reordered event",
            [ReadCommands.AsJson], async (parse, store, ct) =>
            {
                await using var conn = new NpgsqlConnection(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
                await conn.OpenAsync(ct);
                var report = await EventSeals.VerifyAsync(conn, ct);
                if (parse.GetValue(ReadCommands.AsJson)) Output.WriteJson(report);
                else if (report.FirstFailure is { } f)
                    Console.WriteLine($"BROKEN after {report.EventsChecked:N0} events: sequence {f.Sequence} ({f.Stream ?? "no event"}) {f.Kind}: {f.Detail}");
                else Console.WriteLine($"ok: {report.EventsChecked:N0} events, one unbroken chain");
                return report.Ok ? 0 : 1;
            });
}
