using System.CommandLine;
using CchcLedger.Api.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CchcLedger.Cli;

/// <summary>Options shared by the commands, with the same defaults as the API.</summary>
internal static class CliOptions
{
    public static readonly Option<string?> Connection = new("--connection")
    {
        Description = "A PostgreSQL connection string; default: ConnectionStrings__Ledger, else the local cluster",
    };

    public static readonly Option<string?> Folder = new("--folder")
    {
        Description = "Where the local cluster lives; default: .data/pg in the repository",
    };

    public static readonly Option<int?> Port = new("--port")
    {
        Description = "The port for the local cluster when it starts; default: a free one",
    };

    public static LocalPostgresOptions Local(ParseResult parse) =>
        new(parse.GetValue(Folder) is { Length: > 0 } folder ? Path.GetFullPath(folder) : LedgerDatabase.DefaultFolder(), parse.GetValue(Port));

    public static string? ConfiguredConnection(ParseResult parse) =>
        parse.GetValue(Connection) is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable("ConnectionStrings__Ledger") is { Length: > 0 } env ? env
        : null;

    /// <summary>
    /// Whether the keys must already exist: on a ledger given by a connection (a real one), the tool never makes a key, so
    /// that what it appends and signs is never under a stray development key. Only the local development cluster gets them made.
    /// </summary>
    public static bool KeysRequired(ParseResult parse) => ConfiguredConnection(parse) is not null;

    /// <summary>The ledger's settings from the environment (<c>Integrity__CheckpointKey</c>, …), as the API reads them.</summary>
    public static readonly IConfiguration Settings = new ConfigurationBuilder().AddEnvironmentVariables().Build();

    public static readonly ILoggerFactory Logs = LoggerFactory.Create(b => b
        .AddSimpleConsole(o => o.SingleLine = true)
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace) // stdout stays for the answer (tables, --json)
        .SetMinimumLevel(LogLevel.Information));
}
