namespace CchcLedger.Api.Web;

public static class Sequences
{
    /// <summary>Runs of consecutive items with the same key, in order (unlike GroupBy, a key may come back later as a new run).</summary>
    public static IEnumerable<IGrouping<TKey, T>> GroupAdjacent<T, TKey>(this IEnumerable<T> items, Func<T, TKey> key)
    {
        var run = new List<T>();
        TKey current = default!;
        foreach (var item in items)
        {
            var k = key(item);
            if (run.Count > 0 && !EqualityComparer<TKey>.Default.Equals(k, current))
            {
                yield return new Run<TKey, T>(current, run);
                run = [];
            }
            current = k;
            run.Add(item);
        }
        if (run.Count > 0) yield return new Run<TKey, T>(current, run);
    }

    private sealed class Run<TKey, T>(TKey key, List<T> items) : IGrouping<TKey, T>
    {
        public TKey Key => key;
        public IEnumerator<T> GetEnumerator() => items.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => items.GetEnumerator();
    }
}
