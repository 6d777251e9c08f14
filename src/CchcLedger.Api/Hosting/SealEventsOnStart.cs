using CchcLedger.Projections;
using Marten;

namespace CchcLedger.Api.Hosting;

/// <summary>Installs the event seal (the hash-chain trigger) once Marten has created its tables, before anything is appended.</summary>
public sealed class SealEventsOnStart(IDocumentStore store) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => EventSeals.InstallAsync(store, ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
