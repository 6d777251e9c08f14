using System.Collections.Concurrent;

namespace CchcLedger.Projections;

/// <summary>
/// Streams already folded from their raw events, kept by the version they were folded to. Events are never changed,
/// so a stream folded to version v is the same state for every later reader; a later reading fetches only the
/// events after v and folds them on top. An entry also keeps the id of the event at v: if that row is not the one
/// folded (another database of the same name, a restore), the entry is dropped and the stream read from its start.
/// Publishing uses it, so that a block published again (after appeals, say) does not deserialise its 36,000 events
/// again; regeneration and bundles always read every event, as a verifier does.
/// </summary>
public sealed class StreamFolds(int capacity = 4096)
{
    /// <summary>A stream's state after folding its events 1..<paramref name="Version"/>; the last of them has
    /// <paramref name="LastEventId"/> at <paramref name="LastSequence"/>.</summary>
    public sealed record Fold(long Version, Guid LastEventId, long LastSequence, object? State);

    private readonly ConcurrentDictionary<(string Database, string Stream), Fold> _folds = new();

    public int Count => _folds.Count;

    /// <summary>The fold of <paramref name="stream"/> usable for a reading up to <paramref name="through"/>: none if it ends after that.</summary>
    public Fold? For(string database, string stream, long through) =>
        _folds.TryGetValue((database, stream), out var fold) && fold.LastSequence <= through ? fold : null;

    /// <summary>Keeps a fold unless a newer one of the stream is already kept. Past the capacity, everything is let go
    /// (the next publication reads from the start again): a bound, not a policy worth more machinery.</summary>
    public void Keep(string database, string stream, Fold fold)
    {
        if (_folds.Count >= capacity) _folds.Clear();
        _folds.AddOrUpdate((database, stream), fold, (_, kept) => kept.Version >= fold.Version ? kept : fold);
    }

    public void Forget(string database, string stream) => _folds.TryRemove((database, stream), out _);
}
