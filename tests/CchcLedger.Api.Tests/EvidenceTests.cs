using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CchcLedger.Api.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CchcLedger.Api.Tests;

/// <summary>Evidence files in the default store (the ledger's PostgreSQL): upload, citation, checked download, access, tampering.</summary>
public sealed class EvidenceTests(LedgerFixture fixture) : EvidenceTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        await AgencyRegistered("van-quan", "UBND huyện Văn Quan");
    }

    private static readonly string Appraiser = TestTokens.For(Roles.Appraiser, "Trần Thị Bình");
    private static readonly string HuuLungOfficer = TestTokens.For(Roles.AgencyOfficer, "Nguyễn Thị Lan", "huu-lung");
    private static readonly string VanQuanOfficer = TestTokens.For(Roles.AgencyOfficer, "Lê Văn Hùng", "van-quan");

    /// <summary>The officer uploads a PDF and cites it in the self-score of leaf 1.1; its hash.</summary>
    private async Task<(string Sha256, byte[] Bytes)> SelfScoredWithAPdf(string fileName = "Kế hoạch CCHC năm 2017.pdf")
    {
        var pdf = Pdf("Kế hoạch cải cách hành chính năm 2017");
        var (status, body, _) = await Upload($"{Card}/evidence", HuuLungOfficer, (fileName, pdf));
        Assert.Equal(201, status);
        var sha = body![0]!["sha256"]!.GetValue<string>();
        await Post($"{Card}/self-scores", new { criterion = "1.1", points = 18, evidence = new[] { new { title = "Kế hoạch CCHC năm 2017", file = sha } } });
        return (sha, pdf);
    }

    [Fact]
    public async Task an_officer_uploads_a_pdf_cites_it_in_a_self_score_and_the_appraiser_opens_exactly_that_file()
    {
        var pdf = Pdf("Kế hoạch cải cách hành chính năm 2017");
        var decomposed = "Kế hoạch CCHC năm 2017.pdf".Normalize(NormalizationForm.FormD);
        var eventsBefore = await EventCount();
        var (status, body, _) = await Upload($"{Card}/evidence", HuuLungOfficer, (decomposed, pdf));
        Assert.Equal(201, status);
        var uploaded = body!.AsArray().Single()!;
        Assert.Equal((Sha(pdf), (long)pdf.Length, "application/pdf", "Kế hoạch CCHC năm 2017.pdf", false),
            (uploaded["sha256"]!.GetValue<string>(), uploaded["size"]!.GetValue<long>(), uploaded["mediaType"]!.GetValue<string>(),
             uploaded["fileName"]!.GetValue<string>(), uploaded["alreadyStored"]!.GetValue<bool>()));
        Assert.True(uploaded["fileName"]!.GetValue<string>().IsNormalized(NormalizationForm.FormC));
        Assert.Equal(eventsBefore, await EventCount()); // an upload is not an event: the citation is

        await Post($"{Card}/self-scores", new { criterion = "1.1", points = 18, evidence = new[] { new { title = "Kế hoạch CCHC năm 2017", file = Sha(pdf) } } });
        var cited = (await LastEvent("self_score_entered"))["evidence"]![0]!;
        Assert.Equal(("Kế hoạch CCHC năm 2017", Sha(pdf), (long)pdf.Length, "application/pdf", "Kế hoạch CCHC năm 2017.pdf"),
            (cited["title"]!.GetValue<string>(), cited["file"]!["sha256"]!.GetValue<string>(), cited["file"]!["size"]!.GetValue<long>(),
             cited["file"]!["mediaType"]!.GetValue<string>(), cited["file"]!["fileName"]!.GetValue<string>()));
        Assert.Null(cited["documentRef"]); // a file stands for the reference; an absent field is not stored as null

        // The appraiser opens the file the event cites: exactly the bytes uploaded, named and typed as uploaded.
        using var response = await Download($"{Card}/evidence/{Sha(pdf)}", Appraiser);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"\"{Sha(pdf)}\"", response.Headers.ETag!.Tag);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("Kế hoạch CCHC năm 2017.pdf", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch", response.Content.Headers.GetValues("Content-Disposition").Single());
        Assert.StartsWith("inline; filename=\"Ke hoach CCHC nam 2017.pdf\"; filename*=", response.Content.Headers.GetValues("Content-Disposition").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        // The derivation of the leaf names the file with the self-score.
        var derivation = await Get($"{Card}/derivation");
        var step = derivation["leaves"]!.AsArray().Single(l => l!["code"]!.GetValue<string>() == "1.1")!["steps"]!.AsArray()[^1]!;
        Assert.Equal(Sha(pdf), step["evidence"]![0]!["file"]!["sha256"]!.GetValue<string>());

        // A client that has the file (its ETag) is answered 304 without a body.
        using var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Appraiser);
        client.DefaultRequestHeaders.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{Sha(pdf)}\""));
        using var again = await client.GetAsync($"{Card}/evidence/{Sha(pdf)}");
        Assert.Equal(304, (int)again.StatusCode);
    }

    [Fact]
    public async Task the_auditors_agency_page_lists_each_leafs_files_with_their_hash_and_a_link_that_opens_exactly_that_file()
    {
        var (sha, pdf) = await SelfScoredWithAPdf();
        var auditor = TestTokens.For(Roles.Auditor, "Phạm Văn Kiểm");
        using var page = await Download("/don-vi/2017/huu-lung", auditor);
        Assert.Equal(200, (int)page.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        var section = html[html.IndexOf("id=\"tai-lieu\"", StringComparison.Ordinal)..];
        var link = $"/api/years/2017/scorecards/huu-lung/evidence/{sha}";
        Assert.Contains($"<code class=\"hash\">{sha}</code>", section);
        Assert.Contains($"<a href=\"{link}\" aria-label=\"Mở tệp: Kế hoạch CCHC năm 2017.pdf\">Kế hoạch CCHC năm 2017.pdf</a>", section);
        Assert.Contains("1.1 ", section);

        using var opened = await Download(link, auditor);
        Assert.Equal(pdf, await opened.Content.ReadAsByteArrayAsync());
        // An agency without files has no such section.
        using var other = await Download("/don-vi/2017/van-quan", auditor);
        Assert.DoesNotContain("id=\"tai-lieu\"", await other.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task a_file_uploaded_twice_is_stored_once_and_both_uploads_are_recorded()
    {
        var png = Png();
        var first = await Upload($"{Card}/evidence", HuuLungOfficer, ("Ảnh chụp màn hình.png", png));
        var second = await Upload($"{Card}/evidence", Appraiser, ("anh-chup.png", png));
        Assert.Equal((201, 201), (first.Status, second.Status));
        Assert.Equal((false, true), (first.Body![0]!["alreadyStored"]!.GetValue<bool>(), second.Body![0]!["alreadyStored"]!.GetValue<bool>()));
        Assert.Equal((1L, 1L, 2L), (await Rows("evidence_blobs"), await Rows("evidence_chunks"), await Rows("evidence_uploads")));
        Assert.Equal("image/png", second.Body[0]!["mediaType"]!.GetValue<string>());

        var listing = await Get($"{Card}/evidence");
        var file = listing["files"]!.AsArray().Single()!;
        Assert.Equal((Sha(png), "anh-chup.png"), (file["sha256"]!.GetValue<string>(), file["fileName"]!.GetValue<string>()));
        Assert.Equal(["Nguyễn Thị Lan", "Trần Thị Bình"], file["uploads"]!.AsArray().Select(u => u!["uploadedBy"]!.GetValue<string>()));
    }

    [Fact]
    public async Task a_refused_type_anywhere_in_a_request_stores_nothing_and_names_the_file()
    {
        var before = await EventCount();
        var (status, problem, _) = await Upload($"{Card}/evidence", HuuLungOfficer, ("Báo cáo.pdf", Pdf("Báo cáo")), ("Báo cáo quý.pdf", Exe()));
        Assert.Equal(415, status);
        AssertProblemNames(problem, "files[1]");
        var reason = problem!["errors"]!["files[1]"]![0]!.GetValue<string>();
        Assert.Contains("'Báo cáo quý.pdf'", reason);
        Assert.Contains("Windows program", reason);
        Assert.Equal((0L, 0L, 0L), (await Rows("evidence_blobs"), await Rows("evidence_chunks"), await Rows("evidence_uploads")));
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task a_file_over_the_limit_is_refused_with_a_413_naming_it_and_nothing_is_stored()
    {
        var big = Pdf("Hồ sơ quét", 20 * 1024 * 1024);
        var (status, problem, _) = await Upload($"{Card}/evidence", HuuLungOfficer, ("Biên bản.pdf", Pdf("Biên bản")), ("Hồ sơ quét.pdf", big));
        Assert.Equal(413, status);
        AssertProblemNames(problem, "files[1]");
        Assert.Contains("'Hồ sơ quét.pdf' is larger than 20 MiB", problem!["errors"]!["files[1]"]![0]!.GetValue<string>());
        Assert.Equal((0L, 0L), (await Rows("evidence_blobs"), await Rows("evidence_uploads")));
    }

    [Fact]
    public async Task a_body_that_is_not_a_multipart_form_of_files_is_refused_by_name()
    {
        var json = await Send($"{Card}/evidence", HuuLungOfficer, new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(415, json.Status);
        AssertProblemNames(json.Body, "body");

        var field = new MultipartFormDataContent { { new StringContent("Kế hoạch"), "title" } };
        var notAFile = await Send($"{Card}/evidence", HuuLungOfficer, field);
        Assert.Equal(400, notAFile.Status);
        AssertProblemNames(notAFile.Body, "title");

        var empty = await Upload($"{Card}/evidence", HuuLungOfficer, ("trống.pdf", []));
        Assert.Equal(415, empty.Status);
        AssertProblemNames(empty.Body, "files[0]");

        var unknown = await Upload("/api/years/2017/scorecards/khong-co/evidence", TestTokens.For(Roles.Appraiser), ("a.pdf", Pdf("x")));
        Assert.Equal(404, unknown.Status);
        AssertProblemNames(unknown.Body, "agency");
        Assert.Equal(0L, await Rows("evidence_uploads"));
    }

    [Fact]
    public async Task citing_a_file_not_uploaded_for_the_scorecard_is_refused_and_writes_nothing()
    {
        var pdf = Pdf("Kế hoạch của Văn Quan");
        Assert.Equal(201, (await Upload("/api/years/2017/scorecards/van-quan/evidence", VanQuanOfficer, ("Kế hoạch.pdf", pdf))).Status);
        var before = await EventCount();
        // Uploaded for another agency: not this scorecard's file.
        await Refused(() => Post($"{Card}/self-scores", new { criterion = "1.1", points = 18, evidence = new[] { new { title = "Kế hoạch", file = Sha(pdf) } } }, 400),
            "evidence[0].file", before);
        // Never uploaded, and not a hash at all.
        await Refused(() => Post($"{Card}/self-scores", new { criterion = "1.1", points = 18, evidence = new[] { new { title = "Kế hoạch", file = new string('a', 64) } } }, 400),
            "evidence[0].file", before);
        await Refused(() => Post($"{Card}/self-scores", new { criterion = "1.1", points = 18, evidence = new[] { new { title = "Kế hoạch", file = "KH-01.pdf" } } }, 400),
            "evidence[0].file", before);
        // Without a file, a piece of evidence still names its document.
        await Refused(() => Post($"{Card}/self-scores", new { criterion = "1.1", points = 18, evidence = new[] { new { title = "Kế hoạch" } } }, 400),
            "evidence[0].documentRef", before);
    }

    [Fact]
    public async Task the_council_cites_files_in_appraisals_adjustments_and_appeal_decisions_and_the_agency_in_its_appeal()
    {
        await SelfAssessed("huu-lung");
        var note = Pdf("Biên bản thẩm định");
        var decision = Pdf("Quyết định điều chỉnh");
        var appeal = Png();
        var ruling = Pdf("Quyết định giải quyết kiến nghị");
        Assert.Equal(201, (await Upload($"{Card}/evidence", Appraiser, ("Biên bản thẩm định.pdf", note), ("QĐ điều chỉnh.pdf", decision))).Status);

        await Post($"{Card}/appraisals", new { criterion = "1.1", points = 15, note = "Kế hoạch ban hành chậm", evidence = new[] { new { title = "Biên bản thẩm định", file = Sha(note) } } });
        Assert.Equal(Sha(note), (await LastEvent("appraisal_recorded"))["evidence"]![0]!["file"]!["sha256"]!.GetValue<string>());
        await Post($"{Card}/adjustments", new { criterion = "1.2", numerator = 8, denominator = 10, reason = "Bổ sung", decisionRef = "VB 215/SNV",
            evidence = new[] { new { title = "Văn bản 215", documentRef = "VB 215/SNV", file = Sha(decision) } } });
        var adjusted = (await LastEvent("points_adjusted"))["evidence"]![0]!;
        Assert.Equal(("VB 215/SNV", "QĐ điều chỉnh.pdf"), (adjusted["documentRef"]!.GetValue<string>(), adjusted["file"]!["fileName"]!.GetValue<string>()));
        // An entry without evidence is stored as before files existed: no evidence field.
        await Post($"{Card}/appraisals", new { criterion = "1.3", accept = true });
        Assert.Null((await LastEvent("appraisal_recorded"))["evidence"]);

        await Post("/api/years/2017/rankings/districts/preliminary", new { appealWindowDays = 10 }, 201);
        Assert.Equal(201, (await Upload($"{Card}/evidence", HuuLungOfficer, ("Ảnh kế hoạch.png", appeal))).Status);
        var filed = await Post($"{Card}/appeals", new { criterion = "1.1", requestedPoints = 18, argument = "Kế hoạch ban hành đúng hạn",
            evidence = new[] { new { title = "Ảnh chụp kế hoạch", file = Sha(appeal) } } }, 201);
        Assert.Equal("image/png", (await LastEvent("appeal_filed"))["evidence"]![0]!["file"]!["mediaType"]!.GetValue<string>());

        var secretary = TestTokens.For(Roles.CouncilSecretary, "Thư ký hội đồng");
        Assert.Equal(201, (await Upload($"{Card}/evidence", secretary, ("QĐ giải quyết.pdf", ruling))).Status);
        await Post($"/api/appeals/{filed["appealId"]!.GetValue<string>()}/decision", new { outcome = "upheld", reason = "Có căn cứ", decisionRef = "QĐ 12/HĐ",
            membersPresent = 5, votesFor = 4, votesAgainst = 1, evidence = new[] { new { title = "Quyết định giải quyết", file = Sha(ruling) } } });
        Assert.Equal(Sha(ruling), (await LastEvent("appeal_decided"))["evidence"]![0]!["file"]!["sha256"]!.GetValue<string>());

        var cited = (await Get($"{Card}/evidence"))["files"]!.AsArray().ToDictionary(f => f!["sha256"]!.GetValue<string>(), f => f!["citedBy"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()).ToList());
        Assert.Equal(["appraisal_recorded"], cited[Sha(note)]);
        Assert.Equal(["points_adjusted"], cited[Sha(decision)]);
        Assert.Equal(["appeal_filed"], cited[Sha(appeal)]);
        Assert.Equal(["appeal_decided"], cited[Sha(ruling)]);
    }

    [Fact]
    public async Task another_agencys_officer_and_anonymous_callers_cannot_read_a_file()
    {
        var (sha, _) = await SelfScoredWithAPdf();
        Assert.Equal(200, (int)(await Download($"{Card}/evidence/{sha}", HuuLungOfficer)).StatusCode);
        Assert.Equal(403, (int)(await Download($"{Card}/evidence/{sha}", VanQuanOfficer)).StatusCode);
        Assert.Equal(401, (int)(await Download($"{Card}/evidence/{sha}", null)).StatusCode);
        Assert.Equal(403, (int)(await Download($"{Card}/evidence", VanQuanOfficer)).StatusCode);

        // Through its own agency's address, another agency's file answers exactly like a file that does not exist.
        async Task<string> Answer(string hash)
        {
            var response = await Download($"/api/years/2017/scorecards/van-quan/evidence/{hash}", VanQuanOfficer);
            Assert.Equal(404, (int)response.StatusCode);
            var problem = (await ProblemOf(response)).AsObject();
            problem.Remove("traceId");
            return problem.ToJsonString().Replace(hash, "HASH");
        }
        Assert.Equal(await Answer(new string('e', 64)), await Answer(sha));

        // The publication's route is open to anyone, but this ledger does not publish evidence (Evidence:Public is off).
        var published = await Download($"/api/years/2017/rankings/districts/publications/1/evidence/{sha}", null);
        Assert.Equal(404, (int)published.StatusCode);
        AssertProblemNames(await ProblemOf(published), "sha256");
    }

    [Fact]
    public async Task a_byte_changed_in_storage_is_refused_on_download_and_reported_by_verification_as_its_own_kind()
    {
        var (sha, _) = await SelfScoredWithAPdf();
        var citing = await AsOwner<long>("select seq_id from cchc.mt_events where type = 'self_score_entered' order by seq_id desc limit 1");
        var intact = await Get("/api/integrity/verification");
        Assert.True(intact["ok"]!.GetValue<bool>(), intact.ToJsonString());
        Assert.Equal((1L, 1), (intact["evidence"]!["filesChecked"]!.GetValue<long>(), intact["evidence"]!["filesCited"]!.GetValue<int>()));

        // One byte, changed behind the application's back by the database's owner.
        await AsOwner<object>("update cchc.evidence_chunks set bytes = overlay(bytes placing '\\x00'::bytea from 100 for 1) where sha256 = @sha", ("sha", sha));

        using var response = await Download($"{Card}/evidence/{sha}", Appraiser);
        Assert.Equal(500, (int)response.StatusCode);
        var problem = await ProblemOf(response);
        AssertProblemNames(problem, "sha256");
        Assert.Contains("no longer matches its SHA-256", problem["errors"]!["sha256"]![0]!.GetValue<string>());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);

        var report = await Get("/api/integrity/verification");
        Assert.False(report["ok"]!.GetValue<bool>());
        Assert.Equal(("evidence", citing), (report["firstFailure"]!["kind"]!.GetValue<string>(), report["firstFailure"]!["sequence"]!.GetValue<long>()));
        var failure = report["evidence"]!["failures"]![0]!;
        Assert.Equal((sha, "altered", citing), (failure["sha256"]!.GetValue<string>(), failure["problem"]!.GetValue<string>(), failure["citedBy"]![0]!["sequence"]!.GetValue<long>()));
        Assert.Equal(await EventCount(), report["eventsChecked"]!.GetValue<long>()); // the chain itself is whole

        var (exit, output) = await CchcOnLedger("verify");
        Assert.Equal(1, exit);
        Assert.Contains("EVIDENCE BROKEN", output);
        Assert.Contains($"{sha} altered", output);
    }

    [Fact]
    public async Task a_file_missing_from_storage_is_refused_on_download_and_reported_missing()
    {
        var (sha, _) = await SelfScoredWithAPdf();
        await AsOwner<object>("delete from cchc.evidence_chunks where sha256 = @sha; delete from cchc.evidence_blobs where sha256 = @sha", ("sha", sha));

        using var response = await Download($"{Card}/evidence/{sha}", HuuLungOfficer);
        Assert.Equal(500, (int)response.StatusCode);
        Assert.Contains("missing from the evidence store", (await ProblemOf(response))["errors"]!["sha256"]![0]!.GetValue<string>());
        var failure = (await Get("/api/integrity/verification"))["evidence"]!["failures"]![0]!;
        Assert.Equal((sha, "missing"), (failure["sha256"]!.GetValue<string>(), failure["problem"]!.GetValue<string>()));
    }

    [Fact]
    public async Task a_retried_upload_under_one_idempotency_key_is_recorded_once_even_with_a_new_boundary()
    {
        var pdf = Pdf("Báo cáo tháng 3");
        // As a browser sends it: a boundary of its own choosing and the file name as raw UTF-8.
        HttpContent Form(string boundary)
        {
            var head = Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"Báo cáo tháng 3.pdf\"\r\nContent-Type: application/pdf\r\n\r\n");
            var tail = Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n");
            var content = new ByteArrayContent([.. head, .. pdf, .. tail]);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
            return content;
        }
        var key = Guid.NewGuid().ToString();
        var first = await Send($"{Card}/evidence", HuuLungOfficer, Form("----boundaryA1"), ("Idempotency-Key", key));
        var retry = await Send($"{Card}/evidence", HuuLungOfficer, Form("----boundaryB2"), ("Idempotency-Key", key));
        Assert.Equal((201, 201), (first.Status, retry.Status));
        Assert.Equal("Báo cáo tháng 3.pdf", first.Body![0]!["fileName"]!.GetValue<string>());
        Assert.Equal("true", retry.Response.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Body.ToJsonString(), retry.Body!.ToJsonString());
        Assert.Equal(1L, await Rows("evidence_uploads"));

        // The same key for another file is another request: refused.
        var other = await Upload($"{Card}/evidence", HuuLungOfficer, ("khác.pdf", Pdf("khác")));
        Assert.Equal(201, other.Status);
        var reused = await Send($"{Card}/evidence", HuuLungOfficer, new MultipartFormDataContent { { new ByteArrayContent(Pdf("khác nữa")), "files", "khác.pdf" } }, ("Idempotency-Key", key));
        Assert.Equal(422, reused.Status);
    }

    [Theory]
    [InlineData("update cchc.evidence_chunks set bytes = bytes")]
    [InlineData("delete from cchc.evidence_chunks")]
    [InlineData("truncate cchc.evidence_chunks")]
    [InlineData("update cchc.evidence_blobs set size = size + 1")]
    [InlineData("delete from cchc.evidence_blobs")]
    [InlineData("update cchc.evidence_uploads set file_name = 'khác.pdf'")]
    [InlineData("delete from cchc.evidence_uploads")]
    [InlineData("truncate cchc.evidence_uploads")]
    public async Task the_application_role_can_add_and_read_evidence_but_never_change_or_delete_it(string sql)
    {
        var (sha, pdf) = await SelfScoredWithAPdf();
        var appConnection = Host.Services.GetRequiredService<LedgerDatabase>().ConnectionString;
        Assert.Contains($"Username={Projections.AppendOnly.AppRole}", appConnection);
        await using var conn = new NpgsqlConnection(appConnection);
        await conn.OpenAsync();
        await using (var read = new NpgsqlCommand("select count(*) from cchc.evidence_chunks c join cchc.evidence_blobs b using (sha256) join cchc.evidence_uploads u using (sha256)", conn))
            Assert.Equal(1L, await read.ExecuteScalarAsync());

        await using var cmd = new NpgsqlCommand(sql, conn);
        var error = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        using var response = await Download($"{Card}/evidence/{sha}", Appraiser);
        Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task an_unknown_evidence_store_stops_the_start_instead_of_the_first_upload()
    {
        var connection = await TestDatabase.ConnectionStringAsync();
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await Alba.AlbaHost.For<Program>(b =>
            {
                b.UseSetting("ConnectionStrings:Ledger", connection);
                b.UseSetting("Demo:LoadOnStart", "false");
                b.UseSetting("Auth:SigningKey", TestTokens.Key);
                b.UseSetting("Evidence:Store", "ftp");
            });
        });
        Assert.Contains("Evidence:Store is 'ftp'", error.ToString());
    }
}
