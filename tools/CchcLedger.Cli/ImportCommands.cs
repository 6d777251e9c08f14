using System.CommandLine;
using CchcLedger.Api.Hosting;
using CchcLedger.Api.Imports;
using CchcLedger.Projections;
using Spectre.Console;

namespace CchcLedger.Cli;

/// <summary><c>cchc import criteria|agencies|scores FILE …</c>: the API's import, from the command line, with a progress bar.</summary>
internal static class ImportCommands
{
    private static readonly Argument<string> Kind = new("kind") { Description = "criteria, agencies or scores" };
    private static readonly Argument<FileInfo> File = new("file") { Description = "The XLSX or CSV file" };
    private static readonly Option<int?> Year = new("--year") { Description = "The scoring year (criteria, scores)" };
    private static readonly Option<string?> Block = new("--block") { Description = "The block (criteria, agencies; scores: only this block's agencies)" };
    private static readonly Option<string?> SetId = new("--set-id") { Description = "The criteria set's id, such as 2018-communes" };
    private static readonly Option<string?> Title = new("--title") { Description = "The criteria set's title" };
    private static readonly Option<string?> ClassBands = new("--class-bands") { Description = "\"Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0\" when the file has no Xếp loại sheet" };
    private static readonly Option<string?> Decision = new("--decision") { Description = "The decision adopting the criteria set, such as \"QĐ 1052/QĐ-UBND\"" };
    private static readonly Option<string?> EffectiveAt = new("--effective-at") { Description = "When the criteria set or the agencies took effect (dd/MM/yyyy)" };
    private static readonly Option<string?> SelfAssessedAt = new("--self-assessed-at") { Description = "When the self-assessments took effect (dd/MM/yyyy)" };
    private static readonly Option<string?> AppraisedAt = new("--appraised-at") { Description = "When the appraisal took effect (dd/MM/yyyy)" };
    private static readonly Option<string?> SurveyedAt = new("--surveyed-at") { Description = "When the survey points took effect (dd/MM/yyyy)" };
    private static readonly Option<bool> NoSubmit = new("--no-submit") { Description = "Do not submit the self-assessments" };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "What would be written and every problem; writes nothing" };
    private static readonly Option<string?> By = new("--by") { Description = "Who imports (recorded on every event)" };

    public static IEnumerable<Command> Build()
    {
        var command = ReadCommands.OnLedger("import", "Import a criteria set, a block's agencies or a block's scores from XLSX or CSV: all or nothing; --dry-run first",
            [Year, Block, SetId, Title, ClassBands, Decision, EffectiveAt, SelfAssessedAt, AppraisedAt, SurveyedAt, NoSubmit, DryRun, By, ReadCommands.AsJson], Import);
        command.Arguments.Add(Kind);
        command.Arguments.Add(File);
        yield return command;
    }

    private static async Task<int> Import(ParseResult parse, Marten.DocumentStore store, CancellationToken ct)
    {
        var kind = parse.GetValue(Kind)!;
        if (!ImportKinds.All.Contains(kind)) return ReadCommands.Refused(Domain.Refusal.Invalid("kind", $"must be one of {string.Join(", ", ImportKinds.All)}"));
        var file = parse.GetValue(File)!;
        if (!file.Exists) return ReadCommands.Refused(Domain.Refusal.NotFound("file", $"{file.FullName} does not exist"));
        var dryRun = parse.GetValue(DryRun);
        if (!dryRun && parse.GetValue(By) is not { Length: > 0 }) return ReadCommands.Refused(Domain.Refusal.Invalid("by", "is required: who imports (recorded on every event)"));
        var options = new ImportOptions(parse.GetValue(Year), parse.GetValue(Block), parse.GetValue(SetId), parse.GetValue(Title), parse.GetValue(ClassBands),
            parse.GetValue(Decision), parse.GetValue(EffectiveAt), parse.GetValue(SelfAssessedAt), parse.GetValue(AppraisedAt), parse.GetValue(SurveyedAt),
            !parse.GetValue(NoSubmit));
        var role = kind == ImportKinds.Scores ? Roles.Appraiser : Roles.CriteriaAdmin;
        using var actor = CurrentActor.Use(new ActorInfo(parse.GetValue(By) ?? "cchc import --dry-run", role, [], null));
        var content = await System.IO.File.ReadAllBytesAsync(file.FullName, ct);

        ImportReport? report = null;
        await using (var session = store.LightweightSession())
        {
            session.LastModifiedBy = parse.GetValue(By);
            var json = parse.GetValue(ReadCommands.AsJson);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            if (json) report = await Importer.RunAsync(session, kind, file.Name, content, options, dryRun, ct);
            else
                await console.Progress().AutoClear(false).StartAsync(async context =>
                {
                    var bar = context.AddTask($"{kind}: {Markup.Escape(file.Name)}", maxValue: 3);
                    var stages = new[] { "đọc tệp", "kiểm tra", "ghi" };
                    var title = $"{kind}: {Markup.Escape(file.Name)}";
                    report = await Importer.RunAsync(session, kind, file.Name, content, options, dryRun, ct, new SyncProgress(p =>
                    {
                        bar.Value = Array.IndexOf(stages, p.Stage) + p.Done;
                        bar.Description = $"{title} · {p.Stage}";
                        // The commit is one statement batch in one transaction: it has no fraction to show, only that it runs.
                        bar.IsIndeterminate = p.Stage == "ghi" && p.Done < 1;
                    }));
                    bar.Value = 3;
                });
        }

        if (parse.GetValue(ReadCommands.AsJson)) Output.WriteJson(report!);
        else Print(report!);
        return report!.Problems.Count > 0 && !report.AlreadyImported ? 1 : 0;
    }

    /// <summary>Reports on the importer's own thread, so that the bar is at its stage before the next one starts.</summary>
    private sealed class SyncProgress(Action<Importer.Progress> report) : IProgress<Importer.Progress>
    {
        public void Report(Importer.Progress value) => report(value);
    }

    private static void Print(ImportReport report)
    {
        Console.WriteLine($"{report.FileName}  SHA-256 {report.Sha256}");
        Console.WriteLine(report switch
        {
            { AlreadyImported: true } => "Đã nhập tệp này trước đây: không ghi gì.",
            { Problems.Count: > 0 } => $"{report.Problems.Count} lỗi: không ghi gì.",
            { DryRun: true } => $"Chạy thử: sẽ ghi {report.EventCount} sự kiện vào {report.Streams} hồ sơ ({report.Rows} dòng). Chưa ghi gì.",
            _ => $"Đã ghi {report.EventCount} sự kiện vào {report.Streams} hồ sơ ({report.Rows} dòng), trong một giao dịch.",
        });
        if (report.Events.Count > 0) Output.Table(["sự kiện", "số lượng"], report.Events.Select(e => (IReadOnlyList<string>)[e.Type, e.Count.ToString()]), 1);
        if (report.Problems.Count > 0 && !report.AlreadyImported)
            Output.Table(["trang tính", "dòng", "cột", "lý do"], report.Problems.Select(p => (IReadOnlyList<string>)[p.Sheet, p.Row?.ToString() ?? "", p.Column ?? "", p.Reason]), 1);
    }
}
