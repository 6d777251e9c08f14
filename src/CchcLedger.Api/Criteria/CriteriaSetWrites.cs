using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using Marten;

namespace CchcLedger.Api.Criteria;

/// <summary>The one path by which an existing criteria set is written to: load its stream, decide, append, answer.</summary>
public static class CriteriaSetWrites
{
    public static async Task<(CriteriaSet? Set, Refusal? Refusal)> ApplyAsync(IDocumentSession session, string setId, Func<CriteriaSet, Task<Decision>> decide)
    {
        var (set, refusal, _) = await WriteAsync(session, setId, decide, null);
        return (set, refusal);
    }

    /// <summary>A write from an endpoint, honouring its <c>If-Match</c>; the set after it, with its stream version as ETag.</summary>
    public static async Task<IResult> ExecuteAsync(IDocumentSession session, string setId, Func<CriteriaSet, Task<Decision>> decide, HttpContext http)
    {
        var (expected, badHeader) = Versions.Expected(http);
        if (badHeader is not null) return Problems.For(badHeader);
        var (set, refusal, version) = await WriteAsync(session, setId, decide, expected);
        if (refusal is not null) return Problems.For(refusal);
        Versions.Tag(http, version);
        return Results.Ok(CriteriaSetDetail.Of(set!));
    }

    /// <param name="expectedVersion">From <c>If-Match</c>: the stream version the writer saw; another one refuses the write (412).</param>
    private static async Task<(CriteriaSet? Set, Refusal? Refusal, long Version)> WriteAsync(IDocumentSession session, string setId, Func<CriteriaSet, Task<Decision>> decide,
        long? expectedVersion)
    {
        var stream = await session.Events.FetchForWriting<CriteriaSet>(CriteriaSet.StreamKey(setId));
        if (stream.Aggregate is not { } set) return (null, Refusal.NotFound("setId", $"criteria set '{setId}' does not exist"), 0);
        var current = stream.CurrentVersion ?? 0;
        if (Versions.Check(expectedVersion, current, $"criteria set '{setId}'") is { } stale) return (null, stale, current);

        var decision = await decide(set);
        if (decision.Refusal is { } refusal) return (null, refusal, current);

        stream.AppendMany(decision.Events.ToArray());
        await session.SaveChangesAsync();
        return (decision.Events.Aggregate((CriteriaSet?)set, CriteriaSet.Evolve), null, current + decision.Events.Count);
    }
}
