using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using CchcLedger.Api.Exports;
using CchcLedger.Api.Hosting;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CchcLedger.Bench;

/// <summary>
/// A national-size year brought in from spreadsheets through <c>POST /api/imports/…</c>, on a database of its own:
/// for each province a block of its own, its criteria appendix (CSV, <paramref name="leaves"/> leaves, a tenth of them
/// survey leaves), its units (CSV) and the year's scores of all its units (XLSX: self-score and appraisal of each
/// ordinary leaf, survey points of each survey leaf), each file one transaction. Reports the time of each kind of
/// import (median, p95 over the provinces), the dry run of one scores file, the total, events and entries per second,
/// and the extrapolation to 34 provinces × 150 units × 90 leaves × 3 entries (≈ 1.4 M).
/// </summary>
public static class ImportAtScale
{
    private const int Year = 2025;
    private const string Database = "cchc_bench_imports";

    public static async Task RunAsync(string server, int provinces, int units, int leaves)
    {
        var connection = await Bench.Database(server, Database, create: true);
        try
        {
            await using var host = await Bench.HostAsync(connection);
            var store = host.Services.GetRequiredService<IDocumentStore>();
            var admin = Bench.Token(Roles.CriteriaAdmin);
            var appraiser = Bench.Token(Roles.Appraiser);
            Console.WriteLine($"{provinces} provinces × {units} units × {leaves} leaves; each file one transaction, fsync and synchronous commit on; load {Load()}");

            var (criteria, agencies, scores, dry) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
            long entries = 0;
            var total = Stopwatch.StartNew();
            for (var p = 1; p <= provinces; p++)
            {
                var block = $"tinh-{p:D2}";
                await Post(host, "/api/blocks", new { code = block, name = $"Tỉnh thứ {p}: các sở, ngành và UBND cấp xã" }, admin);
                criteria.Add(await Timed(() => Import(host, "criteria", $"phu-luc-{block}.csv", CriteriaCsv(block, leaves), admin,
                    ("setId", $"{Year}-{block}"), ("year", $"{Year}"), ("block", block), ("title", $"Bộ chỉ số CCHC năm {Year} – {block}"),
                    ("classBands", "Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0"), ("decisionRef", $"QĐ {p}/QĐ-UBND"), ("effectiveAt", $"15/01/{Year}"))));
                agencies.Add(await Timed(() => Import(host, "agencies", $"don-vi-{block}.csv", AgenciesCsv(block, units), admin,
                    ("block", block), ("effectiveAt", $"15/01/{Year}"))));
                var (file, count) = ScoresXlsx(block, units, leaves, new Random(p));
                entries += count;
                var fields = new[] { ("year", $"{Year}"), ("block", block), ("selfAssessedAt", $"15/12/{Year}"), ("appraisedAt", $"10/01/{Year + 1}"), ("surveyedAt", $"12/01/{Year + 1}") };
                if (p == 1) dry.Add(await Timed(() => Import(host, "scores", $"ket-qua-{block}.xlsx", file, appraiser, [.. fields, ("dryRun", "true")])));
                scores.Add(await Timed(() => Import(host, "scores", $"ket-qua-{block}.xlsx", file, appraiser, fields)));
                Console.WriteLine($"  {block}: scores {scores[^1] / 1000:F1} s ({count:N0} entries, {file.Length / 1024:N0} KiB); load {Load()}");
            }
            total.Stop();

            long events;
            await using (var session = store.QuerySession()) events = await session.Events.QueryAllRawEvents().LongCountAsync();
            Console.WriteLine($"{"import",-40} {"n",5} {"median s",10} {"p95 s",8} {"max s",8}");
            foreach (var (name, times) in new[] { ("criteria appendix (CSV)", criteria), ("units of a province (CSV)", agencies),
                         ("dry run of a province's scores (XLSX)", dry), ("scores of a province (XLSX)", scores) })
            {
                var sorted = times.Order().ToArray();
                Console.WriteLine($"{name,-40} {sorted.Length,5} {Percentile(sorted, 0.5) / 1000,10:F2} {Percentile(sorted, 0.95) / 1000,8:F2} {sorted[^1] / 1000,8:F2}");
            }
            // The dry run is a rehearsal, not part of bringing the year in.
            var seconds = total.Elapsed.TotalSeconds - dry.Sum() / 1000;
            Console.WriteLine($"total without the dry run {seconds:F0} s: {events:N0} events ({events / seconds:N0}/s), {entries:N0} entries ({entries / seconds:N0}/s)");
            const long national = 34L * 150 * 90 * 3;
            Console.WriteLine($"at this rate a national year ({national:N0} entries) takes {national / (entries / seconds) / 60:F1} min");
            await VerifyAsync(host);
        }
        finally
        {
            await Bench.Database(server, Database, create: false);
        }
    }

    /// <summary>The ledger verifies after the imports: chain, MACs, projections.</summary>
    private static async Task VerifyAsync(IAlbaHost host)
    {
        var watch = Stopwatch.StartNew();
        var result = await host.Scenario(s => { s.Get.Url("/api/integrity/verification"); s.WithBearerToken(Bench.Token(Roles.Auditor)); });
        var report = JsonNode.Parse(await result.ReadAsTextAsync())!;
        Console.WriteLine($"verification after the imports: ok={report["ok"]} in {watch.Elapsed.TotalSeconds:F1} s");
    }

    internal static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task<double> Timed(Func<Task> run)
    {
        var watch = Stopwatch.StartNew();
        await run();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task Post(IAlbaHost host, string url, object body, string token) =>
        await host.Scenario(s => { s.Post.Json(body).ToUrl(url); s.WithBearerToken(token); s.StatusCodeShouldBe(201); });

    private static async Task Import(IAlbaHost host, string kind, string fileName, byte[] content, string token, params (string Name, string Value)[] fields)
    {
        using var client = host.Server.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(30);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(content), "file", fileName);
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        using var response = await client.PostAsync($"/api/imports/{kind}", form);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{kind} {fileName}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 2000)]}");
        var report = JsonNode.Parse(text)!;
        if (report["dryRun"]!.GetValue<bool>() == report["committed"]!.GetValue<bool>()) throw new InvalidOperationException($"{kind} {fileName}: {text[..Math.Min(text.Length, 2000)]}");
    }

    /// <summary>
    /// An appendix of <paramref name="leaves"/> leaves in areas of ten, one point each; the last area is the survey. The
    /// province is named in it: the same file twice would be "already imported" (its SHA-256), as it should.
    /// </summary>
    public static byte[] CriteriaCsv(string block, int leaves)
    {
        var lines = new List<string> { "STT;Lĩnh vực, tiêu chí;Điểm tối đa;Phương pháp" };
        var areas = (leaves + 9) / 10;
        for (var a = 1; a <= areas; a++)
        {
            var count = Math.Min(10, leaves - (a - 1) * 10);
            var survey = a == areas;
            lines.Add($"{a};{(survey ? "Điều tra xã hội học" : $"Lĩnh vực {a}")} ({block});{count};");
            for (var l = 1; l <= count; l++) lines.Add($"{a}.{l};{(survey ? "Mức độ hài lòng" : "Tiêu chí")} {a}.{l};1;{(survey ? "Điều tra XHH" : "Thang điểm")}");
        }
        return Csv(lines);
    }

    public static byte[] AgenciesCsv(string block, int units) =>
        Csv(["Mã đơn vị;Tên đơn vị", .. Enumerable.Range(1, units).Select(u => $"{block}-dv-{u:D3};Đơn vị số {u} của {block}")]);

    /// <summary>One row per unit and leaf: self-score and appraisal (a third appraised half a point lower), or the survey's points.</summary>
    public static (byte[] File, long Entries) ScoresXlsx(string block, int units, int leaves, Random random)
    {
        var areas = (leaves + 9) / 10;
        var rows = new List<IReadOnlyList<object?>>();
        long entries = 0;
        for (var u = 1; u <= units; u++)
            for (var a = 1; a <= areas; a++)
                for (var l = 1; l <= Math.Min(10, leaves - (a - 1) * 10); l++)
                {
                    var agency = $"{block}-dv-{u:D3}";
                    if (a == areas) { rows.Add([agency, $"{a}.{l}", null, null, random.Next(0, 11) / 10m]); entries++; continue; }
                    var self = random.Next(1, 3) / 2m;
                    rows.Add([agency, $"{a}.{l}", self, random.Next(3) == 0 ? self - 0.5m : self, null]);
                    entries += 2;
                }
        var table = new ExportTable("Kết quả", $"KẾT QUẢ TỰ ĐÁNH GIÁ VÀ THẨM ĐỊNH NĂM {Year}", [],
            ["Mã đơn vị", "Mã tiêu chí", "Tự chấm", "Thẩm định", "Điều tra XHH"], rows, $"ket-qua-{block}");
        return (table.ToXlsx(), entries);
    }

    private static byte[] Csv(IEnumerable<string> lines) => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")];
}
