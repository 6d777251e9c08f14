using System.Globalization;
using System.Security.Cryptography;
using CchcLedger.Api.Scorecards;
using CchcLedger.Domain;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Imports;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using JasperFx.Events;
using Marten;

namespace CchcLedger.Api.Imports;

public static class ImportKinds
{
    public const string Criteria = "criteria";
    public const string Agencies = "agencies";
    public const string Scores = "scores";
    public static readonly string[] All = [Criteria, Agencies, Scores];
}

/// <summary>
/// What the command says beside the file: the year and block, the criteria set's id, title, class bands and adopting
/// decision, and when each part took effect (the decision's date; the dates of self-assessment, appraisal and survey).
/// </summary>
public sealed record ImportOptions(
    int? Year = null,
    string? Block = null,
    string? SetId = null,
    string? Title = null,
    string? ClassBands = null,
    string? DecisionRef = null,
    string? EffectiveAt = null,
    string? SelfAssessedAt = null,
    string? AppraisedAt = null,
    string? SurveyedAt = null,
    bool Submit = true);

/// <summary>What an import did or would do: the events by type, every problem (sheet, row, column, reason in Vietnamese).</summary>
public sealed record ImportReport(
    string Kind,
    string FileName,
    string Sha256,
    bool DryRun,
    bool Committed,
    bool AlreadyImported,
    int Rows,
    int Streams,
    IReadOnlyList<ImportCount> Events,
    IReadOnlyList<ImportProblem> Problems)
{
    public int EventCount => Events.Sum(e => e.Count);
}

/// <summary>
/// Brings a file in through the same decisions as the commands, in one transaction: read the sheets, turn each row
/// into the command a person would have sent, decide every one against the ledger as it stands, and then either stop
/// (a dry run, or any problem: nothing is written) or append everything with an <c>import_recorded</c> event naming
/// the file and its SHA-256, in one commit. Every event carries the file's name and hash in its headers and takes
/// effect at the date its part of the year took effect. A file already imported (same SHA-256) writes nothing.
/// </summary>
public static class Importer
{
    public const string FileHeader = "importFile";
    public const string ShaHeader = "importSha256";

    public static string StreamKey(string sha256) => $"import-{sha256}";

    public static string Sha256Of(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>How far an import has come, for a progress bar: a stage and the fraction of it done.</summary>
    public sealed record Progress(string Stage, double Done);

    public static async Task<ImportReport> RunAsync(IDocumentSession session, string kind, string fileName, byte[] content, ImportOptions options, bool dryRun,
        CancellationToken ct = default, IProgress<Progress>? progress = null)
    {
        fileName = Text.Nfc(Path.GetFileName(fileName.Trim())) is { Length: > 0 } name ? name : "tep-nhap";
        var sha = Sha256Of(content);
        // What would be (or was) written is read from the session before its commit, which clears it.
        ImportReport Report(int rows, IReadOnlyList<ImportProblem> problems, bool committed = false, bool already = false,
            (int Streams, IReadOnlyList<ImportCount> Events)? written = null) =>
            new(kind, fileName, sha, dryRun, committed, already, rows, written?.Streams ?? PendingStreams(session),
                written?.Events ?? (dryRun && problems.Count == 0 ? Counts(session) : []), Ordered(problems));

        if (await session.Events.FetchStreamStateAsync(StreamKey(sha), ct) is not null)
            return Report(0, [new ImportProblem(fileName, null, null, $"Tệp này (SHA-256 {sha}) đã được nhập trước đây: không ghi thêm gì.")], already: true);
        if (!ImportKinds.All.Contains(kind))
            return Report(0, [new ImportProblem(fileName, null, null, $"Không rõ loại tệp “{kind}”: dùng {string.Join(", ", ImportKinds.All)}.")]);

        progress?.Report(new("đọc tệp", 0));
        var (sheets, unreadable) = SpreadsheetReader.Read(fileName, content);
        if (unreadable is not null) return Report(0, [unreadable]);
        progress?.Report(new("đọc tệp", 1));

        var problems = new List<ImportProblem>();
        var rows = kind switch
        {
            ImportKinds.Criteria => await StageCriteriaAsync(session, sheets, options, problems, ct),
            ImportKinds.Agencies => await StageAgenciesAsync(session, sheets, options, problems, ct),
            _ => await StageScoresAsync(session, sheets, fileName, options, problems, ct, progress),
        };
        progress?.Report(new("kiểm tra", 1));
        if (problems.Count > 0 || dryRun) return Report(rows, problems);

        var written = (PendingStreams(session), Counts(session));
        session.Events.StartStream(StreamKey(sha), new ImportRecorded(sha, fileName, kind, options.Year, options.Block, rows, written.Item2));
        foreach (var e in session.PendingChanges.Streams().SelectMany(s => s.Events))
        {
            e.SetHeader(FileHeader, fileName);
            e.SetHeader(ShaHeader, sha);
        }
        try
        {
            progress?.Report(new("ghi", 0));
            await session.SaveChangesAsync(ct);
            progress?.Report(new("ghi", 1));
        }
        catch (EffectiveTimeRefused refused)
        {
            return Report(rows, [new ImportProblem(fileName, null, null, $"Ngày hiệu lực không hợp lệ: {refused.Message}.")]);
        }
        catch (Exception e) when (e is JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            // Another import of the same file (or a writer on the same records) committed first: this one wrote nothing.
            return Report(rows, [new ImportProblem(fileName, null, null, "Dữ liệu vừa được ghi bởi một thao tác khác (có thể là lần nhập cùng tệp này): không ghi gì. Hãy chạy lại.")]);
        }
        return Report(rows, [], committed: true, written: written);
    }

    private static async Task<int> StageCriteriaAsync(IDocumentSession session, IReadOnlyList<RawSheet> sheets, ImportOptions options, List<ImportProblem> problems, CancellationToken ct)
    {
        var effective = When(options.EffectiveAt, "effectiveAt", problems);
        IReadOnlyList<ClassBand>? bands = null;
        if (options.ClassBands is { } text && (bands = ParseClassBands(text)) is null)
            problems.Add(Command("classBands", $"“{text}” không đọc được thang xếp loại; viết như “Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0”."));
        var (plan, found) = CriteriaImport.Read(sheets, new CriteriaImportOptions(options.SetId, options.Year, options.Block, options.Title, bands));
        problems.AddRange(found);
        if (plan is null || problems.Count > 0) return plan?.RowOfCode.Count ?? 0;

        var treeSheet = sheets.First(s => !string.Equals(s.Name, CriteriaImport.BandsSheet, StringComparison.OrdinalIgnoreCase));
        var (table, _) = ImportTable.Locate(treeSheet, CriteriaImport.Columns);
        var draft = CriteriaSetDecisions.Draft(string.IsNullOrWhiteSpace(options.SetId) ? null : await session.CriteriaSetAsync(options.SetId, ct), plan.Draft, await session.BlocksAsync(ct));
        if (draft.Refusal is { } refusal)
        {
            problems.Add(refusal.Field.StartsWith("areas", StringComparison.Ordinal) ? CriteriaImport.ProblemOf(plan, refusal, table!.Column) : Command(refusal.Field, ImportText.Vi(refusal)));
            return plan.RowOfCode.Count;
        }
        var events = draft.Events.ToList();
        if (!string.IsNullOrWhiteSpace(options.DecisionRef))
        {
            var set = events.Aggregate((CriteriaSet?)null, CriteriaSet.Evolve)!;
            var adopt = CriteriaSetDecisions.Adopt(set, (await session.AdoptedSetAsync(set.Year, set.Block))?.SetId,
                new AdoptCriteriaSet(options.DecisionRef, $"Nhập từ phụ lục của quyết định {options.DecisionRef}"));
            if (adopt.Refusal is { } notAdopted) { problems.Add(Command(notAdopted.Field == "decisionRef" ? "decisionRef" : "block", ImportText.Vi(notAdopted))); return plan.RowOfCode.Count; }
            events.AddRange(adopt.Events);
        }
        session.Events.StartStream<CriteriaSet>(CriteriaSet.StreamKey(options.SetId!), events.ToArray());
        Give(session, _ => effective);
        return plan.RowOfCode.Count;
    }

    private static async Task<int> StageAgenciesAsync(IDocumentSession session, IReadOnlyList<RawSheet> sheets, ImportOptions options, List<ImportProblem> problems, CancellationToken ct)
    {
        var effective = When(options.EffectiveAt, "effectiveAt", problems);
        var (table, rows, found) = AgenciesImport.Read(sheets, options.Block);
        problems.AddRange(found);
        if (table is null) return 0;
        var blocks = await session.BlocksAsync(ct);
        var existing = (await session.LoadManyAsync<Agency>(ct, rows.Select(r => Agency.StreamKey(r.Command.Code!)))).ToDictionary(a => a.Code);
        foreach (var row in rows)
        {
            var decision = AgencyDecisions.Register(existing.GetValueOrDefault(row.Command.Code!), row.Command, blocks);
            if (decision.Refusal is { } refusal) problems.Add(table.Problem(row.Source, AgenciesImport.ColumnOf(refusal), ImportText.Vi(refusal)));
            else session.Events.StartStream<Agency>(Agency.StreamKey(row.Command.Code!), decision.Events.ToArray());
        }
        Give(session, _ => effective);
        return table.Rows.Count;
    }

    private static async Task<int> StageScoresAsync(IDocumentSession session, IReadOnlyList<RawSheet> sheets, string fileName, ImportOptions options,
        List<ImportProblem> problems, CancellationToken ct, IProgress<Progress>? progress)
    {
        if (options.Year is null) problems.Add(Command("year", "Cần ghi năm đánh giá."));
        var self = When(options.SelfAssessedAt, "selfAssessedAt", problems);
        var appraised = When(options.AppraisedAt, "appraisedAt", problems);
        var surveyed = When(options.SurveyedAt, "surveyedAt", problems);
        var dates = new[] { ("selfAssessedAt", self), ("appraisedAt", appraised), ("surveyedAt", surveyed) }.Where(d => d.Item2 is not null).ToList();
        for (var i = 1; i < dates.Count; i++)
            if (dates[i].Item2 < dates[i - 1].Item2)
                problems.Add(Command(dates[i].Item1, $"Ngày {dates[i].Item1} ({dates[i].Item2:dd/MM/yyyy}) trước ngày {dates[i - 1].Item1} ({dates[i - 1].Item2:dd/MM/yyyy}): các bước của một năm diễn ra theo thứ tự."));
        var (table, rows, found) = ScoresImport.Read(sheets);
        problems.AddRange(found);
        if (table is null || options.Year is not { } year) return table?.Rows.Count ?? 0;

        var agencies = (await session.LoadManyAsync<Agency>(ct, rows.Select(r => Agency.StreamKey(r.Agency)).Distinct())).ToDictionary(a => a.Code);
        var plan = ScoresImport.Steps(rows, new ScoreImportOptions(fileName, options.Submit));
        var decided = 0;
        foreach (var (agency, steps) in plan)
        {
            progress?.Report(new("kiểm tra", (double)decided++ / plan.Count));
            var firstRow = rows.First(r => r.Agency == agency).Source;
            if (options.Block is { } block && agencies.TryGetValue(agency, out var a) && a.Block != block)
            {
                problems.Add(table.Problem(firstRow, "agency", $"Đơn vị {agency} thuộc khối {a.Block}, không thuộc khối {block} đang nhập."));
                continue;
            }
            // A refused submission refuses every appraisal after it: one problem says so, not one per appraised leaf.
            (int Index, int Follow)? submissionRefused = null;
            var outcome = await ScorecardWrites.PrepareAsync(session, year, agency, steps.Select(s => (ScorecardStep)((card, rules) => s.Decide(card, rules))),
                itemized: (i, refusal) =>
                {
                    var step = steps[i];
                    if (submissionRefused is { } s && step.Phase == ImportPhase.Appraisal && refusal.Reason.Contains("not submitted yet", StringComparison.Ordinal))
                    {
                        submissionRefused = (s.Index, s.Follow + 1);
                        return refusal;
                    }
                    if (step.Column == "agency" && step.Phase == ImportPhase.SelfAssessment) submissionRefused = (problems.Count, 0);
                    problems.Add(new ImportProblem(table.Sheet, step.Row, table.Column(ScoresImport.ColumnOf(step, refusal)), ImportText.Vi(refusal)));
                    return refusal;
                });
            if (submissionRefused is { Follow: > 0 } refused)
                problems[refused.Index] = problems[refused.Index] with
                {
                    Reason = $"{problems[refused.Index].Reason} Vì chưa nộp được, {refused.Follow} điểm thẩm định của đơn vị {agency} chưa được kiểm tra.",
                };
            if (outcome.Refusal is { } whole && outcome.Refusals is null)
                problems.Add(table.Problem(firstRow, "agency", ImportText.Vi(whole)));
        }
        // Each event takes effect when its part of the year did; the scorecard opens with the first of them.
        var phaseDate = new Dictionary<ImportPhase, DateTimeOffset?> { [ImportPhase.SelfAssessment] = self, [ImportPhase.Appraisal] = appraised, [ImportPhase.Survey] = surveyed };
        foreach (var stream in session.PendingChanges.Streams())
        {
            DateTimeOffset? PhaseOf(object data) => data switch
            {
                SelfScoreEntered or SelfAssessmentSubmitted => phaseDate[ImportPhase.SelfAssessment],
                AppraisalRecorded => phaseDate[ImportPhase.Appraisal],
                SurveyPointsEntered => phaseDate[ImportPhase.Survey],
                _ => null,
            };
            for (var i = 0; i < stream.Events.Count; i++)
            {
                var at = stream.Events[i].Data is ScorecardOpened && i + 1 < stream.Events.Count ? PhaseOf(stream.Events[i + 1].Data) : PhaseOf(stream.Events[i].Data);
                if (at is { } t) EffectiveTime.Give(stream.Events[i], t);
            }
        }
        return table.Rows.Count;
    }

    private static void Give(IDocumentSession session, Func<IEvent, DateTimeOffset?> when)
    {
        foreach (var e in session.PendingChanges.Streams().SelectMany(s => s.Events))
            if (when(e) is { } at) EffectiveTime.Give(e, at);
    }

    /// <summary>A problem with what the command (not the file) says: the column names the option.</summary>
    private static ImportProblem Command(string option, string reason) => new("(lệnh nhập)", null, option, reason);

    /// <summary>
    /// A date as provinces write it (<c>15/01/2018</c>, <c>2018-01-15</c>): the start of that day in Vietnam, when a
    /// decision dated that day took effect; or an instant with its offset.
    /// </summary>
    public static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (DateTime.TryParseExact(text, ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day, TimeSpan.FromHours(7));
        return text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) ? instant : null;
    }

    private static DateTimeOffset? When(string? text, string option, List<ImportProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (ParseDate(text) is { } at) return at;
        problems.Add(Command(option, $"“{text}” không phải ngày (dd/MM/yyyy hoặc yyyy-MM-dd)."));
        return null;
    }

    /// <summary>"Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0".</summary>
    public static IReadOnlyList<ClassBand>? ParseClassBands(string text)
    {
        var bands = new List<ClassBand>();
        foreach (var part in text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var i = part.LastIndexOf(':');
            if (i <= 0 || ImportNumbers.Parse(part[(i + 1)..]) is not { } min) return null;
            bands.Add(new ClassBand(Text.Nfc(part[..i].Trim())!, min));
        }
        return bands.Count == 0 ? null : bands;
    }

    /// <summary>As a reader goes through the file: the command's own problems first, then by sheet, row and column.</summary>
    private static IReadOnlyList<ImportProblem> Ordered(IReadOnlyList<ImportProblem> problems) => problems
        .OrderBy(p => p.Sheet == "(lệnh nhập)" ? 0 : 1).ThenBy(p => p.Sheet, StringComparer.Ordinal).ThenBy(p => p.Row ?? 0).ThenBy(p => p.Column, StringComparer.Ordinal)
        .ToList();

    private static int PendingStreams(IDocumentSession session) => session.PendingChanges.Streams().Count(s => !s.Key!.StartsWith("import-", StringComparison.Ordinal));

    /// <summary>The pending events by their stored type name, in the catalogue's order.</summary>
    private static IReadOnlyList<ImportCount> Counts(IDocumentSession session)
    {
        var names = LedgerStore.EventTypes.ToDictionary(p => p.Value, p => p.Key);
        return session.PendingChanges.Streams().SelectMany(s => s.Events).Where(e => e.Data is not ImportRecorded)
            .GroupBy(e => names.GetValueOrDefault(e.Data.GetType(), e.Data.GetType().Name))
            .OrderBy(g => LedgerStore.EventTypes.Keys.ToList().IndexOf(g.Key))
            .Select(g => new ImportCount(g.Key, g.Count())).ToList();
    }
}
