using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Projections;
using Marten;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace CchcLedger.Api.Web;

/// <summary>
/// A page where a person does their work: forms that write to the ledger through the same code as the JSON endpoints.
/// What every such form shares:
/// <list type="bullet">
/// <item>refusals shown beside the field, in the reader's language (<see cref="RefusalText"/>), the typed values kept;</item>
/// <item>a hidden <c>idempotencyKey</c>, made when the form is rendered: the write and its key land in one transaction
/// (<see cref="IdempotencyKeys"/>, as for the API's <c>Idempotency-Key</c>), so a double click or a form sent again writes
/// once and lands on the same result;</item>
/// <item>a hidden <c>version</c>, the record's version when the form was rendered: a write on a record that has moved
/// on since is refused, as <c>If-Match</c> is, so a page left open never overwrites a newer value.</item>
/// </list>
/// Every form works without JavaScript; after a write the page redirects to itself (a reload never sends it again).
/// </summary>
public abstract class WorkPage : LedgerPage
{
    public const string KeyField = "idempotencyKey";
    public const string VersionField = "version";

    public WorkText W => T.Work;

    /// <summary>Refusals of the form that was sent, by field.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Which of the page's forms was sent and refused (a page may hold one form per criterion): its typed values are shown again.</summary>
    public string? FailedForm { get; protected set; }

    /// <summary>A message of the last write (after the redirect), from TempData.</summary>
    public string? Notice => _notice ??= TempData["notice"] as string;

    private string? _notice;

    public static string NewKey() => Guid.NewGuid().ToString("N");

    /// <summary>The key to render in a form: the one sent, when the form is shown again after a refusal (nothing was written under it).</summary>
    public string KeyFor(string form) =>
        FailedForm == form && Request.HasFormContentType && Request.Form[KeyField].ToString() is { Length: > 0 } sent ? sent : NewKey();

    /// <summary>The value to show in a field: what was typed, when this form was refused; otherwise the recorded one.</summary>
    public string Typed(string form, string field, string? recorded) =>
        FailedForm == form && Request.HasFormContentType ? Request.Form[field].ToString() : recorded ?? "";

    /// <summary>Whether <paramref name="field"/> was refused; with <paramref name="form"/>, only in that form (a page may hold one form per criterion).</summary>
    public bool HasError(string field, string? form = null) => (form is null || FailedForm == form) && Errors.ContainsKey(field);

    /// <summary>The refusals of <paramref name="form"/> that no field of it shows beside itself (the form's own, its record's state), for the top of the form.</summary>
    public IEnumerable<string> OtherErrors(string form, params string[] shown) =>
        FailedForm != form ? [] : Errors.Where(e => !shown.Any(f => e.Key == f || f.EndsWith('[') && e.Key.StartsWith(f, StringComparison.Ordinal))).Select(e => e.Value);

    /// <summary>The refusal of a field, as an element a screen reader announces and the field's aria-describedby names.</summary>
    public IHtmlContent ErrorFor(string field, string id, string? form = null) =>
        HasError(field, form) && Errors.TryGetValue(field, out var message)
            ? new HtmlString($"<span class=\"error\" id=\"{WebUtility.HtmlEncode(id)}-error\" role=\"alert\">{WebUtility.HtmlEncode(message)}</span>")
            : HtmlString.Empty;

    /// <summary>aria attributes of a field: its hint and, when refused, its error.</summary>
    public IHtmlContent Aria(string field, string id, bool hint = false, string? form = null)
    {
        var error = HasError(field, form);
        return new HtmlString($"aria-invalid=\"{(error ? "true" : "false")}\"" +
                              (hint || error ? $" aria-describedby=\"{(hint ? id + "-hint" : "")}{(hint && error ? " " : "")}{(error ? id + "-error" : "")}\"" : ""));
    }

    /// <summary>Shows <paramref name="refusal"/> beside its field of <paramref name="form"/>, with the refusal's status (400, 404, 409, 412).</summary>
    protected IActionResult Refused(Refusal refusal, string form, string? field = null)
    {
        FailedForm = form;
        field ??= refusal.Field;
        // evidence[k] of the command is the form's k-th row that was filled in; past the rows, the files uploaded with the form.
        if (System.Text.RegularExpressions.Regex.Match(field, @"^evidence\[(\d+)\](.*)$") is { Success: true } row)
            field = int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture) is var k && k < EvidenceRows.Count ? $"evidence[{EvidenceRows[k]}]{row.Groups[2].Value}" : "files";
        Errors[field] = RefusalText.For(T.WithBlocks(Blocks), refusal);
        Response.StatusCode = refusal.Kind switch
        {
            RefusalKind.NotFound => 404,
            RefusalKind.Conflict => 409,
            RefusalKind.Stale => 412,
            _ => 400,
        };
        return Page();
    }

    /// <summary>A refusal of the form itself, not of one field (under the key <c>form</c>).</summary>
    protected IActionResult FormRefused(string form, string message, int status)
    {
        FailedForm = form;
        Errors["form"] = message;
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>A number as a Vietnamese (or English) reader types it: <c>0,5</c>, <c>1.234,5</c>, <c>12.540</c>, <c>0.5</c>.</summary>
    public (decimal? Value, string? Error) Number(string text)
    {
        text = text.Trim().Replace(" ", "").Replace("\u00A0", "").Replace('−', '-');
        if (text.Length == 0) return (null, null);
        string invariant;
        if (text.Contains(','))
        {
            // A comma is the decimal separator; dots are thousands separators.
            if (text.Count(c => c == ',') > 1 || text.IndexOf('.') > text.IndexOf(',')) return (null, T.Fmt(W.NotANumber, text));
            invariant = text.Replace(".", "").Replace(',', '.');
        }
        else if (System.Text.RegularExpressions.Regex.IsMatch(text, @"^-?\d{1,3}(\.\d{3})+$")) invariant = text.Replace(".", ""); // 12.540: thousands, as Vietnamese write them
        else invariant = text;
        if (!decimal.TryParse(invariant, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return (null, T.Fmt(W.NotANumber, text));
        if (Numbers.Decimals(value) > Numbers.MaxDecimals) return (null, W.TooManyDecimals);
        return (value, null);
    }

    /// <summary>A number as a form field shows it: the reader's decimal comma, no thousands separator (it is read back exactly).</summary>
    public string Input(decimal? value) => value is { } v ? (v / 1.0000000000000000000000000000m).ToString("0.####", T.Format.Culture).Replace("\u00A0", "") : "";

    /// <summary>The version the form was rendered at (its hidden <c>version</c>), or null when it carries none.</summary>
    public long? SeenVersion => long.TryParse(Request.Form[VersionField], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>
    /// A stream's current version, after checking that nothing <paramref name="touches"/> names changed since the form's
    /// version: the version to write at (so that a write landing in between is refused too), or the refusal naming who changed it and when.
    /// </summary>
    protected async Task<(long Current, IActionResult? Stale)> GuardAsync(IQuerySession session, string streamKey, string form, Func<object, bool> touches)
    {
        var current = (await session.Events.FetchStreamStateAsync(streamKey))?.Version ?? 0;
        if (SeenVersion is { } seen && seen < current && await Scorecards.LeafChanges.SinceAsync(session, streamKey, seen, touches) is { } changed)
            return (current, FormRefused(form, T.Fmt(W.Stale, T.Fmt(W.StaleBy, changed.UserName, Format.DateTime(changed.Timestamp))), StatusCodes.Status412PreconditionFailed));
        return (current, null);
    }

    /// <summary>
    /// A leaf's value as the form gives it, in the fields its method takes (<c>points</c>, <c>numerator</c> and
    /// <c>denominator</c>, or <c>count</c>, the API's names); a number that cannot be read is refused beside its field.
    /// </summary>
    protected Domain.Scoring.LeafValue ReadValue(string form)
    {
        decimal? Read(string field)
        {
            var (value, error) = Number(Request.Form[field].ToString());
            if (error is not null) { Errors[field] = error; FailedForm = form; }
            return value;
        }
        return new Domain.Scoring.LeafValue(Read("points"), Read("numerator"), Read("denominator"), Read("count"));
    }

    /// <summary>The form's row of each piece of evidence read (rows left empty are skipped), so that a refusal lands beside its row.</summary>
    protected List<int> EvidenceRows { get; } = [];

    /// <summary>The evidence rows of a form (<c>evidence[i].title</c>, <c>.documentRef</c>, <c>.file</c>, the API's names); rows left empty are dropped.</summary>
    protected List<Domain.Scorecards.EvidenceInput> ReadEvidence()
    {
        var rows = new List<Domain.Scorecards.EvidenceInput>();
        EvidenceRows.Clear();
        for (var i = 0; i < 50; i++)
        {
            var (title, reference, file) = (Request.Form[$"evidence[{i}].title"].ToString(), Request.Form[$"evidence[{i}].documentRef"].ToString(), Request.Form[$"evidence[{i}].file"].ToString());
            if (!Request.Form.ContainsKey($"evidence[{i}].title")) break;
            if (title.Trim().Length + reference.Trim().Length + file.Trim().Length == 0) continue;
            rows.Add(new Domain.Scorecards.EvidenceInput(title, reference.Length == 0 ? null : reference, file.Length == 0 ? null : file));
            EvidenceRows.Add(i);
        }
        return rows;
    }

    /// <summary>
    /// Carries out a form's write once per idempotency key: requests with one key run one at a time (the same advisory lock as
    /// the API's); a key already recorded redirects to where its write went (nothing written again); otherwise
    /// <paramref name="write"/> runs with the key attached to its commit. A refused write records no key and shows the
    /// refusal; a successful one redirects to its location with <paramref name="notice"/>.
    /// </summary>
    /// <param name="guard">The form's check of its version (<see cref="GuardAsync"/>), run under the key's lock after the key is
    /// looked up: a form sent twice lands on its first result, not on a refusal that its own first write moved the record.</param>
    protected async Task<IActionResult> WriteOnceAsync(string form, Func<Task<(Refusal? Refusal, string? Location)>> write, string? notice = null,
        Func<Task<IActionResult?>>? guard = null)
    {
        var key = Request.Form[KeyField].ToString();
        if (key.Length is 0 or > 100 || key.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            // A form without a key (an old page) is carried out as it is, once more each time it is sent.
            if (guard is not null && await guard() is { } refusedUnkeyed) return refusedUnkeyed;
            var (r, l) = await write();
            return r is null ? Done(l!, notice) : Refused(r, form);
        }
        var scoped = Idempotency.Scope(Actor, "form:" + key);
        var hash = FormHash();
        var store = HttpContext.RequestServices.GetRequiredService<IDocumentStore>();
        await using var conn = new NpgsqlConnection(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync(HttpContext.RequestAborted);
        await using var held = await Idempotency.KeyLock.TakeAsync(conn, scoped, HttpContext.RequestAborted);
        if (held is null) return FormRefused(form, W.FormBusy, 409);
        if (held.Earlier is { } earlier)
        {
            if (!earlier.RequestHash.AsSpan().SequenceEqual(hash)) return FormRefused(form, W.FormReusedDifferently, 422);
            return Done(earlier.Location ?? Request.Path, W.SavedBefore);
        }
        if (guard is not null && await guard() is { } refused) return refused;
        (Refusal? Refusal, string? Location) result;
        using (IdempotencyKeys.Use(new IdempotentRequest(scoped, hash)))
            result = await write();
        if (result.Refusal is { } refusal) return Refused(refusal, form);
        await held.KeepAsync(StatusCodes.Status303SeeOther, "text/html", result.Location, null, []);
        return Done(result.Location!, notice);
    }

    private IActionResult Done(string location, string? notice)
    {
        TempData["notice"] = notice ?? W.Saved;
        // 303: the browser follows with a GET, and a reload of the result never sends the form again.
        Response.Headers.Location = location;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>What makes two sends of a form "the same form": its path, its fields (but the antiforgery token) and its files' names and sizes.</summary>
    private byte[] FormHash()
    {
        var text = new StringBuilder($"{Request.Path}\n");
        foreach (var (name, values) in Request.Form.OrderBy(f => f.Key, StringComparer.Ordinal))
            if (name != "__RequestVerificationToken") text.Append(name).Append('=').Append(string.Join("\u001f", values.ToArray())).Append('\n');
        foreach (var file in Request.Form.Files) text.Append("file:").Append(file.Name).Append(':').Append(file.FileName).Append(':').Append(file.Length).Append('\n');
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
