using CchcLedger.Api.Rankings;
using CchcLedger.Projections;

namespace CchcLedger.Api.Web;

public static class PeriodReader
{
    /// <summary>
    /// The period of an explanation from <c>?from=&amp;to=</c>: <c>to</c> defaults to now; each refusal is in the reader's
    /// language beside its field. Null cuts when the page was opened without a period.
    /// </summary>
    public static (PeriodView View, Cut? From, Cut? To) Read(LedgerPage page, HttpRequest request, TimeProvider clock, IReadOnlyList<Milestone> milestones)
    {
        var t = page.T;
        var now = clock.GetUtcNow();
        string? Text(string key) => request.Query[key].ToString() is { Length: > 0 } s ? s : null;
        var (fromText, toText) = (Text("from"), Text("to"));
        DateTimeOffset? from = null, to = null;
        string? fromError = null, toError = null;
        if (fromText is not null)
        {
            from = Format.ParseInstant(fromText);
            fromError = from is null ? t.Fmt(t.InstantInvalidTyped, fromText) : from > now ? t.InstantFuture : null;
        }
        else if (toText is not null) fromError = t.PeriodFromRequired;
        if (toText is not null)
        {
            to = Format.ParseInstant(toText);
            toError = to is null ? t.Fmt(t.InstantInvalidTyped, toText) : to > now ? t.InstantFuture : null;
        }
        if (fromError is null && toError is null && from is { } f && new Cut(f).Bound >= new Cut(to ?? now).Bound) toError = t.PeriodOrder;

        var ok = fromText is not null && fromError is null && toError is null;
        var view = new PeriodView(t, request.Path, ok ? from : null, ok ? to : null, fromError is null ? null : fromText, toError is null ? null : toText,
            fromError, toError, milestones, now, page.Axis);
        return ok ? (view, new Cut(from!.Value, page.Axis), new Cut(to ?? now, page.Axis)) : (view, null, null);
    }
}
