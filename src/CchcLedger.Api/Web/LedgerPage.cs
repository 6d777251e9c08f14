using CchcLedger.Api.Hosting;
using CchcLedger.Projections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CchcLedger.Api.Web;

/// <summary>
/// What every page shares: the interface text and formats of the reader's language, who is signed in, the instant
/// a page is read at (<c>?asOf=</c>), and a refusal shown as a page with its status. Pages stay thin: they call
/// the same query types as the JSON endpoints and only lay out what those return.
/// </summary>
public abstract class LedgerPage : Page
{
    private UiText? _text;

    public UiText T => _text ??= UiText.For(HttpContext);

    public Format F => T.Format;

    public ActorInfo? Actor => AuthSettings.ActorOf(User);

    /// <summary>The blocks defined in the ledger (retired ones too), loaded before the page's handler runs: their names are data.</summary>
    public Domain.Blocks.BlockCatalog Blocks { get; private set; } = Domain.Blocks.BlockCatalog.Empty;

    public string BlockName(string block) => T.BlockName(Blocks, block);

    /// <summary>What the ledger ranks across (<c>Ledger:Scope</c>, e.g. "tỉnh Lạng Sơn"; <c>Ledger:ScopeEn</c> in English): a province, a ministry, the country.</summary>
    public string Scope => LedgerScope.Of(HttpContext.RequestServices.GetRequiredService<IConfiguration>(), T.Lang);

    /// <summary>Loads <see cref="Blocks"/> for every ledger page, once per request.</summary>
    public sealed class BlocksFilter : Microsoft.AspNetCore.Mvc.Filters.IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context,
            Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
        {
            if (context.HandlerInstance is LedgerPage page)
                page.Blocks = await context.HttpContext.RequestServices.GetRequiredService<Marten.IQuerySession>().BlocksAsync(context.HttpContext.RequestAborted);
            await next();
        }
    }

    /// <summary>Appraisers, council secretaries, criteria administrators and auditors: they read everything.</summary>
    public bool IsStaff => Actor is { Role: not Roles.AgencyOfficer };

    /// <summary>Staff, or an officer of this agency.</summary>
    public bool MaySeeAgency(string agency) => IsStaff || Actor is { Role: Roles.AgencyOfficer } a && a.Agencies.Contains(agency);

    public string? ProblemTitle { get; private set; }
    public string? ProblemText { get; private set; }
    public bool HasProblem => ProblemTitle is not null;

    /// <summary>The page answers with <paramref name="status"/> and a message in place of its content.</summary>
    protected IActionResult Refuse(int status, string title, string text)
    {
        Response.StatusCode = status;
        ProblemTitle = title;
        ProblemText = text;
        return Page();
    }

    /// <summary>
    /// The time axis the page reads on: by effective date (the default: what was in force, with past years at their own
    /// dates), or <c>?axis=recorded</c>, what the ledger had recorded by the instant. They agree wherever nothing was
    /// recorded with an earlier effect.
    /// </summary>
    public TimeAxis Axis => Request.Query["axis"].ToString() == "recorded" ? TimeAxis.Recorded : TimeAxis.Effective;

    /// <summary>The instant asked for (<c>?asOf=</c>) on the page's axis; null when none was, or with a refusal in Vietnamese when it is not one.</summary>
    protected (Cut? Cut, string? Error) ReadInstant(string name, TimeProvider clock)
    {
        var text = Request.Query[name].ToString();
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        if (Format.ParseInstant(text) is not { } instant) return (null, T.Fmt(T.InstantInvalidTyped, text));
        if (History.Check(instant, clock) is not null) return (null, T.InstantFuture);
        return (new Cut(instant, Axis), null);
    }

    /// <summary>This page's address with some query values replaced (null removes one): for as-of links and forms.</summary>
    public string With(params (string Key, string? Value)[] values)
    {
        var query = Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        foreach (var (key, value) in values) query[key] = value;
        var kept = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value!)}");
        var qs = string.Join("&", kept);
        return Request.Path + (qs.Length > 0 ? "?" + qs : "");
    }
}
