using System.CommandLine;
using CchcLedger.Api.Hosting;
using CchcLedger.Projections;
using Marten;
using Microsoft.Extensions.Logging;

namespace CchcLedger.Cli;

/// <summary>A document store on the ledger's database: the given connection, or the local cluster (started if needed, and stopped again if started here).</summary>
internal sealed class LedgerConnection : IAsyncDisposable
{
    private readonly LocalPostgres? _local;

    private LedgerConnection(DocumentStore store, LocalPostgres? local) => (Store, _local) = (store, local);

    public DocumentStore Store { get; }

    public static async Task<LedgerConnection> OpenAsync(ParseResult parse, ILogger log, CancellationToken ct)
    {
        var local = CliOptions.ConfiguredConnection(parse) is null ? LocalPostgres.Open(CliOptions.Local(parse), log) : null;
        if (local is not null) await local.StartAsync(ct);
        var connection = CliOptions.ConfiguredConnection(parse) ?? local!.ConnectionString;
        // The tool appends (the demo, publications) as the application does: with the application's event MAC key.
        var macKey = EventMacKey.From(CliOptions.Settings, production: CliOptions.KeysRequired(parse)).Key;
        var store = DocumentStore.For(opts => LedgerStore.Configure(opts, connection, TimeProvider.System, macKey));
        await LedgerStore.MigrateAsync(store, grantAppRole: false, ct);   // the tool connects as the owner
        return new LedgerConnection(store, local);
    }

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        if (_local is not null) await _local.DisposeAsync();
    }

    public static void AddOptions(Command command)
    {
        command.Options.Add(CliOptions.Connection);
        command.Options.Add(CliOptions.Folder);
        command.Options.Add(CliOptions.Port);
    }
}
