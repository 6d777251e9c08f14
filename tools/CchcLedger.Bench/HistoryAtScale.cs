using System.Diagnostics;
using Alba;
using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CchcLedger.Bench;

/// <summary>
/// A large synthetic province: 50 departments, 200 districts and 750 communes, scored every year on 91 leaves
/// (self-score, submission, appraisal, survey, a few adjustments: about 183 events a scorecard, 183,000 a year).
/// After the first year and again after the last, it times as-of ranking of the 200-agency district block,
/// derivation of one agency, explain of one agency over a year and explain of the whole block over a year; at the
/// end it publishes the first year's district block and times its regeneration from the raw events, and prints how
/// much the as-of ranking slowed while the ledger grew about tenfold. Events go through ordinary Marten
/// sessions, so the recorded instants and the history projections are kept exactly as in real use.
/// </summary>
public static class HistoryAtScale
{
    private const int FirstYear = 2015;
    private static readonly (string Block, int Count)[] Blocks = [("departments", 50), ("districts", 200), ("communes", 750)];
    private const int Samples = 100;
    private const int CardsPerCommit = 50;

    private sealed record YearMarks(DateTimeOffset Before, DateTimeOffset AfterAppraisal, DateTimeOffset After);

    /// <param name="keep">Leave the generated database for a later run with <paramref name="reuse"/>.</param>
    /// <param name="reuse">Measure the reads and pages of a database kept by an earlier run, without generating it (nor the first-year reads, publication and verification).</param>
    public static async Task RunAsync(string server, int years, bool keep = false, bool reuse = false)
    {
        var connection = reuse ? await Bench.Existing(server, "cchc_bench_history") : await Bench.Database(server, "cchc_bench_history", create: true);
        try
        {
            await using var host = await Bench.HostAsync(connection);
            var store = host.Services.GetRequiredService<IDocumentStore>();
            var random = new Random(2015);
            var marks = new Dictionary<int, YearMarks>();
            (double Median, double P95)? smallRanking = null;
            long small = 0;

            if (reuse)
            {
                for (var year = FirstYear; year < FirstYear + years; year++) marks[year] = await MarksAsync(store, year);
            }
            else
            {
                await RegisterAgenciesAsync(store);
                var clock = Stopwatch.StartNew();
                marks[FirstYear] = await GenerateYearAsync(store, FirstYear, random);
                small = await EventCountAsync(store);
                Console.WriteLine($"generated year {FirstYear}: {small:N0} events in {clock.Elapsed.TotalSeconds:F0} s");
                smallRanking = await MeasureAsync(host, FirstYear, marks[FirstYear], $"{small:N0} events");

                for (var year = FirstYear + 1; year < FirstYear + years; year++)
                {
                    marks[year] = await GenerateYearAsync(store, year, random);
                    Console.WriteLine($"generated year {year}: {await EventCountAsync(store):N0} events, {clock.Elapsed.TotalSeconds:F0} s");
                }
            }
            var large = await EventCountAsync(store);
            Console.WriteLine();
            var largeRanking = await MeasureAsync(host, FirstYear, marks[FirstYear], $"{large:N0} events");
            var lastYear = FirstYear + years - 1;
            await MeasureAsync(host, lastYear, marks[lastYear], $"{large:N0} events, year {lastYear}");

            // The checkpoints of a kept ledger were signed with the generating run's key, which only that run has.
            if (!reuse)
            {
                Console.WriteLine();
                await MeasurePublicationAsync(host, FirstYear, $"{large:N0} events");
                await MeasureBundleAsync(host, store, FirstYear);
                await MeasureVerificationAsync(host, store, large);
            }

            if (smallRanking is { } first)
            {
                Console.WriteLine();
                Console.WriteLine($"ledger grew {large / (double)small:F1}x ({small:N0} → {large:N0} events); as-of ranking p95 {first.P95:F2} → {largeRanking.P95:F2} ms: ratio {largeRanking.P95 / first.P95:F2} (target ≤ 1.5)");
            }
        }
        finally
        {
            if (!keep) await Bench.Database(server, "cchc_bench_history", create: false);
        }
    }

    /// <summary>The integrity measurements again, on the ledger a <c>history</c> run kept (<c>--keep</c>): publish (a next publication), bundle, verification, audit.</summary>
    public static async Task IntegrityAsync(string server)
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "cchc_bench_history" }.ConnectionString;
        await using var host = await Bench.HostAsync(connection);
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var events = await EventCountAsync(store);
        var url = $"/api/years/{FirstYear}/rankings/districts/publications";
        Console.WriteLine($"-- {events:N0} events, a further publication of {FirstYear}'s 200-agency block");
        Bench.Header();
        await Bench.Measure("publish the 200-agency block, and sign a checkpoint", 5, _ => host.Scenario(s =>
        {
            s.Post.Json(new { decisionRef = $"QĐ {FirstYear}/đo hiệu năng" }).ToUrl(url);
            s.WithBearerToken(Bench.Token(Roles.Appraiser));
            s.StatusCodeShouldBe(201);
        }), warmUp: 1);
        // Its parts, one at a time: the ranking served (documents), the same ranking from the raw events, a checkpoint.
        await using (var session = store.LightweightSession())
        {
            var conn = (Npgsql.NpgsqlConnection)session.Connection!;
            var ranking = await CchcLedger.Api.Rankings.BlockRanking.LoadAsync(session, FirstYear, "districts", null);
            await Bench.Measure("  the ranking served, from the documents", 5, _ => CchcLedger.Api.Rankings.BlockRanking.LoadAsync(session, FirstYear, "districts", null), warmUp: 1);
            await Bench.Measure("  the same from the raw events (401 streams, ~36,700 events)", 5, async _ =>
                await CchcLedger.Projections.PublicationSources.LoadAsync(conn, FirstYear, "districts", ranking!.CriteriaSet, long.MaxValue), warmUp: 1);
        }
        var signer = host.Services.GetRequiredService<CheckpointSigner>();
        await Bench.Measure("  a checkpoint (stored subtrees extended, root from O(log n) hashes)", 5, _ => signer.CheckpointAsync(store), warmUp: 1);
        await MeasureBundleAsync(host, store, FirstYear);
        await MeasureVerificationAsync(host, store, await EventCountAsync(store));
    }

    /// <summary>A kept ledger's marks, from its events: just before the year's first scorecard event, its last appraisal, its last event.</summary>
    private static async Task<YearMarks> MarksAsync(IDocumentStore store, int year)
    {
        await using var conn = new Npgsql.NpgsqlConnection(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(
            "select min(timestamp), max(timestamp) filter (where type = 'appraisal_recorded'), max(timestamp) " +
            "from cchc.mt_events where stream_id like @prefix", conn);
        cmd.Parameters.AddWithValue("prefix", $"scorecard-{year}-%");
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        DateTimeOffset At(int i) => new(reader.GetDateTime(i), TimeSpan.Zero);
        return new YearMarks(At(0).AddMilliseconds(-1), At(1), At(2));
    }

    private static async Task<(double Median, double P95)> MeasureAsync(IAlbaHost host, int year, YearMarks marks, string size)
    {
        string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));
        var auditor = Bench.Token(Roles.Auditor);
        Console.WriteLine($"-- {size}, scoring year {year}");
        Bench.Header();
        var ranking = await Bench.Measure("as-of ranking, 200-agency block", Samples, i =>
            host.Scenario(s => { s.Get.Url($"/api/years/{year}/rankings/districts?asOf={Iso(i % 2 == 0 ? marks.After : marks.AfterAppraisal)}"); s.WithBearerToken(auditor); }));
        await Bench.Measure("as-of ranking in force (?axis=effective), 200-agency block", Samples, i =>
            host.Scenario(s => { s.Get.Url($"/api/years/{year}/rankings/districts?axis=effective&asOf={Iso(i % 2 == 0 ? marks.After : marks.AfterAppraisal)}"); s.WithBearerToken(auditor); }));
        await Bench.Measure("derivation of one agency (91 leaves, ~183 events)", Samples, i =>
            host.Scenario(s => { s.Get.Url($"/api/years/{year}/scorecards/{Code("districts", i % 200)}/derivation?asOf={Iso(marks.After)}"); s.WithBearerToken(auditor); }));
        await Bench.Measure("explain one agency over its year", Samples, i =>
            host.Scenario(s => { s.Get.Url($"/api/years/{year}/scorecards/{Code("districts", i % 200)}/explain?from={Iso(marks.Before)}&to={Iso(marks.After)}"); s.WithBearerToken(auditor); }));
        await Bench.Measure("explain the 200-agency block, appraisal to year end", Samples, i =>
            host.Scenario(s => { s.Get.Url($"/api/years/{year}/rankings/districts/explain?from={Iso(marks.AfterAppraisal)}&to={Iso(marks.After)}"); s.WithBearerToken(auditor); }));

        // The web pages, rendered on the server from the same queries (the bearer token signs the reader in).
        await Bench.Measure("page: ranking of the 200-agency block, as of", Samples, i =>
            Page(host, $"/xep-hang/{year}/districts?asOf={Iso(i % 2 == 0 ? marks.After : marks.AfterAppraisal)}", auditor));
        await Bench.Measure("page: agency (tree, waterfall, timeline, rank), as of", Samples, i =>
            Page(host, $"/don-vi/{year}/{Code("districts", i % 200)}?asOf={Iso(marks.After)}", auditor));
        await Bench.Measure("page: explain one agency over its year", Samples, i =>
            Page(host, $"/don-vi/{year}/{Code("districts", i % 200)}/giai-trinh?from={Iso(marks.Before)}&to={Iso(marks.After)}", auditor));
        await Bench.Measure("page: explain the 200-agency block, appraisal to year end", Samples, i =>
            Page(host, $"/giai-trinh/{year}/districts?from={Iso(marks.AfterAppraisal)}&to={Iso(marks.After)}", auditor));
        await Bench.Measure("page: an agency over the years", 20, i => Page(host, $"/qua-cac-nam/{Code("districts", i % 200)}", auditor));
        return ranking;
    }

    /// <summary>Publishing the first year's district block, and regenerating it from the raw events of the whole ledger.</summary>
    private static async Task MeasurePublicationAsync(IAlbaHost host, int year, string size)
    {
        var url = $"/api/years/{year}/rankings/districts/publications";
        Console.WriteLine($"-- {size}, publication of {year}'s 200-agency block");
        // A running ledger signs a checkpoint every hour: the stored Merkle subtrees are then current, and a publication
        // extends them by the events since. The bench's ledger was written in minutes, so that checkpoint is made here.
        var watch = Stopwatch.StartNew();
        await host.Services.GetRequiredService<CheckpointSigner>().CheckpointAsync(host.Services.GetRequiredService<IDocumentStore>());
        Console.WriteLine($"first checkpoint (stores the Merkle subtrees of every leaf so far): {watch.Elapsed.TotalMilliseconds:N0} ms");
        Bench.Header();
        await Bench.Measure("publish the 200-agency block, and sign a checkpoint", 1, _ => host.Scenario(s =>
        {
            s.Post.Json(new { decisionRef = $"QĐ {year}/đo hiệu năng" }).ToUrl(url);
            s.WithBearerToken(Bench.Token(Roles.Appraiser));
            s.StatusCodeShouldBe(201);
        }), warmUp: 0);
        await Bench.Measure("regenerate it from the raw events (identical)", 20, _ => host.Scenario(s =>
        {
            s.Get.Url($"{url}/1/regeneration");
            s.ContentShouldContain("\"identical\":true");
        }));
        await Bench.Measure("page: home (latest publications, charts)", Samples, _ => Page(host, "/", null));
        await Bench.Measure("page: the publication of the 200-agency block", Samples, _ => Page(host, $"/cong-bo/{year}/districts/1", null));
    }

    /// <summary>Exporting publication 1 of the block as a bundle (gzip), and checking the bundle offline: read, signature, head, inclusion, completeness, ranking.</summary>
    private static async Task MeasureBundleAsync(IAlbaHost host, IDocumentStore store, int year)
    {
        await using var session = store.QuerySession();
        await using var conn = new Npgsql.NpgsqlConnection(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync();
        var signer = host.Services.GetRequiredService<CheckpointSigner>();
        var file = Path.Combine(Path.GetTempPath(), $"cchc-bench-bundle-{Environment.ProcessId}.json.gz");
        CchcLedger.Api.Integrity.PublicationBundle? bundle = null;
        await Bench.Measure("export the bundle of the 200-agency block (gzip)", 5, async _ =>
        {
            (bundle, var problem) = await CchcLedger.Api.Integrity.PublicationBundle.BuildAsync(session, conn, signer, year, "districts", 1);
            await (bundle ?? throw new InvalidOperationException(problem)).WriteAsync(file);
        }, warmUp: 1);
        await Bench.Measure("verify the bundle offline (read, signature, head, inclusion, completeness, ranking)", 10, async _ =>
        {
            var read = (await CchcLedger.Api.Integrity.PublicationBundle.ReadAsync(file))!;
            if (!read.Verify(signer.Key).Identical) throw new InvalidOperationException("the bundle did not verify");
        }, warmUp: 2);
        Console.WriteLine($"bundle: {bundle!.Proof.Events.Count:N0} events of {bundle.Streams.Count:N0} streams, {bundle.Proof.Nodes.Count:N0} proof hashes, " +
                          $"{new FileInfo(file).Length / 1024.0 / 1024.0:F2} MiB gzip ({System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(bundle, CchcLedger.Api.Integrity.PublicationBundle.Json).Length / 1024.0 / 1024.0:F1} MiB of JSON)");
        File.Delete(file);
    }

    /// <summary>Recomputing the whole hash chain and every MAC once (events per second), then auditing every projection against the events.</summary>
    private static async Task MeasureVerificationAsync(IAlbaHost host, IDocumentStore store, long events)
    {
        var signer = host.Services.GetRequiredService<CheckpointSigner>();
        var macKey = host.Services.GetRequiredService<EventMacKey>().Key;
        await using var conn = new Npgsql.NpgsqlConnection(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync();
        var watch = Stopwatch.StartNew();
        // The bench's ledger is written with MACs from its first event.
        var report = await CchcLedger.Projections.EventSeals.VerifyAsync(conn, signer.Key, CheckpointSigner.ReadWitness(signer.WitnessFile), macKey);
        watch.Stop();
        File.Delete(signer.WitnessFile);
        Console.WriteLine($"verify the hash chain, MACs and {report.CheckpointsChecked} checkpoints: {report.EventsChecked:N0} of {events:N0} events, {report.MacsChecked:N0} MACs, ok {report.Ok}, " +
                          $"{watch.Elapsed.TotalSeconds:F1} s: {report.EventsChecked / watch.Elapsed.TotalSeconds:N0} events/s (target ≥ 200,000)");
        watch.Restart();
        var (documents, failure) = await CchcLedger.Projections.ProjectionAudit.RunAsync(conn);
        Console.WriteLine($"audit every projection against the events: {documents:N0} documents, {(failure is null ? "all as the events give them" : $"DIVERGES: {failure.Detail}")}, " +
                          $"{watch.Elapsed.TotalSeconds:F1} s (target ≤ 60 s)");
    }

    private static string Code(string block, int i) => $"{block[..3]}-{i:D3}";

    private static Task Page(IAlbaHost host, string url, string? token) => host.Scenario(s =>
    {
        s.Get.Url(url);
        if (token is not null) s.WithBearerToken(token);
        s.StatusCodeShouldBeOk();
        s.ContentTypeShouldBe("text/html; charset=utf-8");
    });

    private static async Task<long> EventCountAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    private static async Task RegisterAgenciesAsync(IDocumentStore store)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = "bench";
        foreach (var (block, _) in Blocks)
            session.Events.StartStream<CchcLedger.Domain.Blocks.Block>(CchcLedger.Domain.Blocks.Block.StreamKey(block), new CchcLedger.Domain.Blocks.BlockDefined(block, $"Khối {block}"));
        foreach (var (block, count) in Blocks)
            for (var i = 0; i < count; i++)
                session.Events.StartStream<Agency>(Agency.StreamKey(Code(block, i)), new AgencyRegistered(Code(block, i), $"Đơn vị {block} số {i}", block));
        await session.SaveChangesAsync();
    }

    private static CriteriaRules Rules()
    {
        var areas = Enumerable.Range(1, 8).Select(a => new CriterionNode($"{a}", $"Lĩnh vực {a}", 9, Children:
            Enumerable.Range(1, 11).Select(l => l switch
            {
                9 => new CriterionNode($"{a}.{l}", $"Tỷ lệ {a}.{l}", 1, LeafMethod.Ratio),
                10 => new CriterionNode($"{a}.{l}", $"Mức {a}.{l}", 1, LeafMethod.Bands, Basis: BandBasis.Ratio, Bands: [new(100, 1), new(80, 0.5m), new(0, 0)]),
                _ => new CriterionNode($"{a}.{l}", $"Tiêu chí {a}.{l}", 1, LeafMethod.Scale, Step: 0.25m),
            }).ToList())).ToList();
        areas.Add(new CriterionNode("9", "Điều tra xã hội học", 28, Children:
            [new("9.1", "Cán bộ", 10, LeafMethod.Survey), new("9.2", "Người dân", 12, LeafMethod.Survey), new("9.3", "HĐND", 6, LeafMethod.Survey)]));
        return new CriteriaRules(areas, [new("Tốt", 80), new("Khá", 65), new("Trung bình", 50), new("Yếu", 0)], RoundingRule.Default, TieRule.Default);
    }

    private static LeafValue Value(CriterionNode leaf, Random random, double quality) => leaf.Method switch
    {
        LeafMethod.Ratio or LeafMethod.Bands => LeafValue.OfRatio(random.NextDouble() < quality ? 20 : random.Next(12, 20), 20),
        _ => LeafValue.OfPoints(random.NextDouble() < quality ? 1 : random.Next(0, 4) * 0.25m),
    };

    private static async Task<YearMarks> GenerateYearAsync(IDocumentStore store, int year, Random random)
    {
        var rules = Rules();
        await using (var session = store.LightweightSession())
        {
            session.LastModifiedBy = "Sở Nội vụ";
            foreach (var (block, _) in Blocks)
            {
                var id = $"{year}-{block}";
                session.Events.StartStream<CriteriaSet>(CriteriaSet.StreamKey(id),
                    new CriteriaSetDrafted(id, year, block, $"Bộ chỉ số {year} {block}", rules),
                    new CriteriaSetAdopted(id, year, block, $"QĐ {year}/{block}", null));
            }
            await session.SaveChangesAsync();
        }
        var before = await Tick();
        var leaves = rules.Leaves().ToList();
        var cards = Blocks.SelectMany(b => Enumerable.Range(0, b.Count).Select(i => (b.Block, Code: Code(b.Block, i), Quality: random.NextDouble() * 0.5 + 0.45))).ToList();
        var finals = new Dictionary<string, Dictionary<string, LeafValue>>();

        await InBatches(store, cards, "cán bộ đầu mối CCHC", (session, card) =>
        {
            var self = leaves.Where(l => l.Method != LeafMethod.Survey).ToDictionary(l => l.Code, l => Value(l, random, card.Quality));
            finals[card.Code] = self;
            var events = new List<object> { new ScorecardOpened(Scorecard.StreamKey(year, card.Code), year, card.Code, card.Block, $"{year}-{card.Block}") };
            events.AddRange(self.Select(s => new SelfScoreEntered(s.Key, s.Value, [new Evidence($"Tài liệu {s.Key}", $"TL-{s.Key}")], null)));
            events.Add(new SelfAssessmentSubmitted(self.Count));
            session.Events.StartStream<Scorecard>(Scorecard.StreamKey(year, card.Code), events.ToArray());
        });
        await InBatches(store, cards, "Hội đồng thẩm định", (session, card) =>
            session.Events.Append(Scorecard.StreamKey(year, card.Code), finals[card.Code].Select(s =>
            {
                var lowered = random.Next(4) == 0 && s.Value.Points is >= 0.25m;
                return (object)new AppraisalRecorded(s.Key, lowered ? LeafValue.OfPoints(s.Value.Points!.Value - 0.25m) : s.Value, !lowered, lowered ? "Thiếu tài liệu" : null);
            }).ToArray()));
        var afterAppraisal = await Tick();
        await InBatches(store, cards, "Tổ điều tra xã hội học", (session, card) =>
        {
            var events = new List<object>
            {
                new SurveyPointsEntered("9.1", LeafValue.OfPoints(random.Next(600, 1000) / 100m), "SIPAS"),
                new SurveyPointsEntered("9.2", LeafValue.OfPoints(random.Next(700, 1200) / 100m), "SIPAS"),
                new SurveyPointsEntered("9.3", LeafValue.OfPoints(random.Next(300, 600) / 100m), "SIPAS"),
            };
            for (var k = random.Next(0, 4); k > 0; k--)
                events.Add(new PointsAdjusted($"{random.Next(1, 9)}.{random.Next(1, 9)}", LeafValue.OfPoints(random.Next(0, 5) * 0.25m), "Phúc khảo", $"QĐ {year}-{k}"));
            session.Events.Append(Scorecard.StreamKey(year, card.Code), events.ToArray());
        });
        return new YearMarks(before, afterAppraisal, await Tick());
    }

    private static async Task InBatches(IDocumentStore store, IReadOnlyList<(string Block, string Code, double Quality)> cards, string actor,
        Action<IDocumentSession, (string Block, string Code, double Quality)> write)
    {
        foreach (var batch in cards.Chunk(CardsPerCommit))
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = actor;
            foreach (var card in batch) write(session, card);
            await session.SaveChangesAsync();
        }
    }

    /// <summary>An instant strictly between what was recorded before and what is recorded after.</summary>
    private static async Task<DateTimeOffset> Tick()
    {
        await Task.Delay(5);
        var now = DateTimeOffset.UtcNow;
        await Task.Delay(5);
        return now;
    }
}

/// <summary>Where the time of one block explanation goes, step by step, on a kept ledger (<c>profile-explain [year]</c>).</summary>
public static class ExplainProfile
{
    public static async Task RunAsync(string server, int year)
    {
        var connection = await Bench.Existing(server, "cchc_bench_history");
        await using var host = await Bench.HostAsync(connection);
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await using var conn = new Npgsql.NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select max(timestamp) filter (where type = 'appraisal_recorded'), max(timestamp) from cchc.mt_events where stream_id like @p", conn);
        cmd.Parameters.AddWithValue("p", $"scorecard-{year}-%");
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (from, to) = (new CchcLedger.Projections.Cut(new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero)), new CchcLedger.Projections.Cut(new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero)));
        for (var round = 0; round < 5; round++)
        {
            await using var session = store.QuerySession();
            var watch = Stopwatch.StartNew();
            var (before, after) = await CchcLedger.Api.Explain.RankingsAsync(session, year, "districts", from, to, default);
            var t1 = watch.Elapsed.TotalMilliseconds;
            var set = await CchcLedger.Api.History.CriteriaSetAsync(session, after!.CriteriaSet.Id, to);
            var t2 = watch.Elapsed.TotalMilliseconds;
            var ids = after.Entries.Select(e => Scorecard.StreamKey(year, e.Agency)).ToList();
            var snapshots = await CchcLedger.Projections.ScoreHistory.SnapshotsAtAsync(session, ids, from.Bound);
            var t3 = watch.Elapsed.TotalMilliseconds;
            var events = await session.Events.QueryAllRawEvents().Where(CchcLedger.Api.Explain.AfterSnapshots(snapshots.Values, to)).ToListAsync();
            var t35 = watch.Elapsed.TotalMilliseconds;
            var cards = snapshots.Values.Select(s => s.Card()).ToList();
            var t36 = watch.Elapsed.TotalMilliseconds;
            Console.WriteLine($"   events {events.Count}: {t35 - t3:F1} ms, decode snapshots {t36 - t35:F1} ms");
            watch.Restart();
            var explained = await CchcLedger.Api.Explain.EventsAsync(session, year, after.Entries.Select(e => e.Agency).ToList(), from, to, set!, default);
            var t4 = watch.Elapsed.TotalMilliseconds + t36;
            Console.WriteLine($"rankings {t1:F1} ms, set {t2 - t1:F1}, snapshots ({snapshots.Count}) {t3 - t2:F1}, snapshots + events + explain ({explained.Values.Sum(v => v.Count)} events) {t4 - t3:F1}, total {t4:F1}");
        }
    }
}
