using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using CchcLedger.Api.Hosting;
using CchcLedger.Projections;
using Npgsql;

namespace CchcLedger.Bench;

/// <summary>
/// Evidence files at scale: N files of M MiB uploaded, downloaded (each checked against its hash by the API before it
/// is sent) and verified, over real HTTP to the API as a process of its own (Kestrel, as in production) on a database
/// of its own on the local cluster, fsync on. Reports MiB/s and per-file p50/p95 for uploads and downloads, one at a
/// time and four at once; the bytes on disk per stored file; the re-hashing rate of verification; and a pg_dump of it
/// all, which is what <c>cchc backup</c> runs. Files are random bytes behind a PDF header: like scans, they do not compress.
/// With <c>Evidence__Store=s3</c> (and <c>Evidence__S3__…</c>) in the environment the API stores them there instead.
/// It measures; it asserts nothing about time.
/// </summary>
public static class EvidenceThroughput
{
    private const int Concurrent = 4;

    public static async Task RunAsync(string server, int files, int mib)
    {
        const string database = "cchc_bench_evidence";
        var owner = await Bench.Database(server, database, create: true);
        var fileBytes = mib * 1024 * 1024;
        var port = WriteThroughput.FreePort();
        using var api = WriteThroughput.StartApi(owner, port, "evidence", new Dictionary<string, string>
        {
            ["Evidence__MaxFileBytes"] = Math.Max(20L * 1024 * 1024, fileBytes + 4096L).ToString(),
            ["Evidence__MaxRequestBytes"] = Math.Max(100L * 1024 * 1024, fileBytes + 4096L).ToString(),
        });
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrent * 2 })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromMinutes(10),
            };
            await WriteThroughput.WaitReadyAsync(http, api);
            // An agency's year is 90 leaves × 2 files: the files are spread over agencies as a province's would be.
            var agencies = Math.Max(1, (files + 179) / 180);
            var admin = Bench.Token(Roles.CriteriaAdmin);
            await Send(http, HttpMethod.Post, "/api/blocks", admin, System.Net.Http.Json.JsonContent.Create(new { code = "districts", name = "Khối UBND cấp huyện" }));
            for (var a = 0; a < agencies; a++)
                await Send(http, HttpMethod.Post, "/api/agencies", admin, System.Net.Http.Json.JsonContent.Create(new { code = $"don-vi-{a}", name = $"Đơn vị {a}", block = "districts" }));

            Console.WriteLine($"{files:N0} files of {mib} MiB (random bytes behind a PDF header) for {agencies} agencies; the API as a process on Kestrel, PostgreSQL fsync on");
            Console.WriteLine($"{"operation",-44} {"files",6} {"MiB/s",8} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
            var appraiser = Bench.Token(Roles.Appraiser);
            var auditor = Bench.Token(Roles.Auditor);
            var uploaded = new (string Url, string Sha256)[files];

            async Task<double> UploadOne(int i)
            {
                var bytes = new byte[fileBytes];
                RandomNumberGenerator.Fill(bytes);
                "%PDF-1.7\n"u8.CopyTo(bytes);
                var content = new MultipartFormDataContent();
                var part = new ByteArrayContent(bytes);
                part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                content.Add(part, "files", $"Tài liệu kiểm chứng {i}.pdf");
                var url = $"/api/years/2017/scorecards/don-vi-{i % agencies}/evidence";
                var start = Stopwatch.GetTimestamp();
                await Send(http, HttpMethod.Post, url, appraiser, content);
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                uploaded[i] = ($"{url}/{sha}", sha);
                return elapsed;
            }
            async Task<double> DownloadOne(int i)
            {
                var start = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Get, uploaded[i].Url) { Headers = { Authorization = new("Bearer", auditor) } };
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(await response.Content.ReadAsStreamAsync()));
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (sha != uploaded[i].Sha256) throw new InvalidOperationException($"file {i} came back different");
                return elapsed;
            }

            var half = files / 2;
            await Phase("upload, one at a time", Enumerable.Range(0, half), 1, UploadOne, mib);
            await Phase($"upload, {Concurrent} at once", Enumerable.Range(half, files - half), Concurrent, UploadOne, mib);
            await Phase("download (checked), one at a time", Enumerable.Range(0, half), 1, DownloadOne, mib);
            await Phase($"download (checked), {Concurrent} at once", Enumerable.Range(half, files - half), Concurrent, DownloadOne, mib);

            await using (var conn = new NpgsqlConnection(owner))
            {
                await conn.OpenAsync();
                long Size(string table) => (long)new NpgsqlCommand($"select pg_total_relation_size('{LedgerStore.SchemaName}.{table}')", conn).ExecuteScalar()!;
                var (chunks, blobs, uploads) = (Size(EvidenceTables.Chunks), Size(EvidenceTables.Blobs), Size(EvidenceTables.Uploads));
                var raw = (long)files * fileBytes;
                var inPostgres = (long)new NpgsqlCommand($"select count(*) from {LedgerStore.SchemaName}.{EvidenceTables.Blobs}", conn).ExecuteScalar()! > 0;
                if (inPostgres)
                    Console.WriteLine($"stored in PostgreSQL: chunks {Mib(chunks)}, blobs {Mib(blobs)}, uploads {Mib(uploads)} for {Mib(raw)} of files: " +
                                      $"{(chunks + blobs + uploads) / (double)files / 1024:N1} KiB per file on disk, {(chunks + blobs + uploads - raw) * 100.0 / raw:N2} % over the bytes");
                else Console.WriteLine($"stored outside PostgreSQL (Evidence:Store); uploads table {Mib(uploads)}, {uploads / (double)files:N0} bytes per file");
            }

            var verify = Stopwatch.StartNew();
            using (var response = await Send(http, HttpMethod.Get, "/api/integrity/verification", auditor, null))
            {
                var report = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                var bytes = report["evidence"]!["bytesChecked"]!.GetValue<long>();
                Console.WriteLine($"verification (chain + every file re-hashed): ok {report["ok"]}, {report["evidence"]!["filesChecked"]} files, {Mib(bytes)} in " +
                                  $"{verify.Elapsed.TotalSeconds:N1} s: {bytes / 1024.0 / 1024.0 / verify.Elapsed.TotalSeconds:N1} MiB/s");
            }

            var dump = Path.Combine(Path.GetTempPath(), $"cchc-bench-evidence-{Environment.ProcessId}.dump");
            var backup = Stopwatch.StartNew();
            var b = new NpgsqlConnectionStringBuilder(owner);
            using (var pgDump = Process.Start(new ProcessStartInfo(LocalPostgres.ServerTool("pg_dump"),
                       ["--format=custom", "--no-owner", "--no-privileges", "--file", dump, "--dbname", $"host={b.Host} port={b.Port} dbname={b.Database} user={b.Username}"]))!)
                await pgDump.WaitForExitAsync();
            Console.WriteLine($"pg_dump --format=custom of it all (what cchc backup runs): {Mib(new FileInfo(dump).Length)} in {backup.Elapsed.TotalSeconds:N1} s: " +
                              $"{new FileInfo(dump).Length / 1024.0 / 1024.0 / backup.Elapsed.TotalSeconds:N1} MiB/s");
            File.Delete(dump);
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
            await Bench.Database(server, database, create: false);
        }
    }

    private static string Mib(long bytes) => $"{bytes / 1024.0 / 1024.0:N1} MiB";

    private static async Task Phase(string name, IEnumerable<int> items, int parallel, Func<int, Task<double>> one, int mib)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<int>(items);
        var times = new System.Collections.Concurrent.ConcurrentBag<double>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (queue.TryDequeue(out var i)) times.Add(await one(i));
        }));
        var elapsed = watch.Elapsed.TotalSeconds;
        var sorted = times.Order().ToArray();
        double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        Console.WriteLine($"{name,-44} {sorted.Length,6} {sorted.Length * mib / elapsed,8:F1} {P(0.5),8:F1} {P(0.95),8:F1} {sorted[^1],8:F1}");
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string url, string token, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content, Headers = { Authorization = new("Bearer", token) } };
        var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
