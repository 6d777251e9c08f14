using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CchcLedger.Api.Hosting;
using Microsoft.AspNetCore.Hosting;

namespace CchcLedger.Api.Tests;

/// <summary>
/// A host whose evidence lives in an S3-compatible server (s3rver, started by the tests), with limits small enough to
/// reach in a test (64 KiB a file, 100 KiB a request), and evidence of publications made public.
/// </summary>
public sealed class EvidenceS3Fixture : LedgerFixture
{
    public const string Prefix = "evidence/";
    public const long MaxFileBytes = 64 * 1024;
    public const long MaxRequestBytes = 100 * 1024;

    protected override string? DatabaseName => "cchc_evidence_s3";

    public S3rver S3 { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        S3 = await S3rver.SharedAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Evidence:Store", "s3");
        builder.UseSetting("Evidence:S3:ServiceUrl", S3.ServiceUrl);
        builder.UseSetting("Evidence:S3:Bucket", S3rver.Bucket);
        builder.UseSetting("Evidence:S3:AccessKey", S3rver.Key);
        builder.UseSetting("Evidence:S3:SecretKey", S3rver.Key);
        builder.UseSetting("Evidence:S3:Prefix", Prefix);
        builder.UseSetting("Evidence:MaxFileBytes", MaxFileBytes.ToString());
        builder.UseSetting("Evidence:MaxRequestBytes", MaxRequestBytes.ToString());
        builder.UseSetting("Evidence:Public", "true");
    }
}

public sealed class EvidenceS3Tests(EvidenceS3Fixture fixture) : EvidenceTest(fixture), IClassFixture<EvidenceS3Fixture>
{
    private static readonly string Appraiser = TestTokens.For(Roles.Appraiser, "Trần Thị Bình");
    private static readonly string Officer = TestTokens.For(Roles.AgencyOfficer, "Nguyễn Thị Lan", "huu-lung");

    private AmazonS3Client Client() => new(new BasicAWSCredentials(S3rver.Key, S3rver.Key),
        new AmazonS3Config { ServiceURL = fixture.S3.ServiceUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    /// <summary>The store's keys in the bucket; emptied before each test (the tables were), as only a test ever deletes evidence.</summary>
    private async Task<List<string>> Keys()
    {
        using var s3 = Client();
        var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3rver.Bucket, Prefix = EvidenceS3Fixture.Prefix });
        return (page.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using (var s3 = Client())
            foreach (var key in await Keys()) await s3.DeleteObjectAsync(S3rver.Bucket, key);
        await SmallSetAdopted();
        await AgencyRegistered("huu-lung", "UBND huyện Hữu Lũng");
        await AgencyRegistered("van-quan", "UBND huyện Văn Quan");
    }

    [Fact]
    public async Task files_are_kept_in_the_object_store_served_checked_and_a_byte_changed_there_is_caught()
    {
        var pdf = Pdf("Báo cáo CCHC quý IV");
        var (status, body, _) = await Upload($"{Card}/evidence", Officer, ("Báo cáo quý IV.pdf", pdf));
        Assert.Equal(201, status);
        var sha = Sha(pdf);
        Assert.Equal(sha, body![0]!["sha256"]!.GetValue<string>());
        await Post($"{Card}/self-scores", new { criterion = "1.1", points = 18, evidence = new[] { new { title = "Báo cáo quý IV", file = sha } } });

        var key = $"{EvidenceS3Fixture.Prefix}{sha[..2]}/{sha}";
        Assert.Equal([key], await Keys());
        Assert.Equal(pdf, await File.ReadAllBytesAsync(fixture.S3.ObjectFile(key)));
        Assert.Equal(0L, await Rows("evidence_blobs")); // not in PostgreSQL as well: the uploads table only
        using (var response = await Download($"{Card}/evidence/{sha}", Appraiser))
            Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync());
        var intact = await Get("/api/integrity/verification");
        Assert.True(intact["ok"]!.GetValue<bool>(), intact.ToJsonString());
        Assert.StartsWith("S3", intact["evidence"]!["store"]!.GetValue<string>());

        // One byte changed in the server's own folder, behind the application's back.
        var changed = (byte[])pdf.Clone();
        changed[200] ^= 0xFF;
        await File.WriteAllBytesAsync(fixture.S3.ObjectFile(key), changed);

        using var refused = await Download($"{Card}/evidence/{sha}", Appraiser);
        Assert.Equal(500, (int)refused.StatusCode);
        AssertProblemNames(await ProblemOf(refused), "sha256");
        var report = await Get("/api/integrity/verification");
        Assert.False(report["ok"]!.GetValue<bool>());
        Assert.Equal("evidence", report["firstFailure"]!["kind"]!.GetValue<string>());
        Assert.Equal((sha, "altered"), (report["evidence"]!["failures"]![0]!["sha256"]!.GetValue<string>(), report["evidence"]!["failures"]![0]!["problem"]!.GetValue<string>()));
    }

    [Fact]
    public async Task over_the_limit_per_file_or_per_request_is_a_413_naming_the_file_and_nothing_reaches_the_store()
    {
        var before = await EventCount();
        var tooBig = await Upload($"{Card}/evidence", Officer, ("Hồ sơ.pdf", Pdf("Hồ sơ", (int)EvidenceS3Fixture.MaxFileBytes)));
        Assert.Equal(413, tooBig.Status);
        AssertProblemNames(tooBig.Body, "files[0]");
        Assert.Contains("the most a file may be", tooBig.Body!["errors"]!["files[0]"]![0]!.GetValue<string>());

        // Each file within its limit, together over the request's.
        var together = await Upload($"{Card}/evidence", Officer, ("Phần 1.pdf", Pdf("Phần 1", 60_000)), ("Phần 2.pdf", Pdf("Phần 2", 60_000)));
        Assert.Equal(413, together.Status);
        AssertProblemNames(together.Body, "files[1]");
        Assert.Contains("'Phần 2.pdf' brings the request over", together.Body!["errors"]!["files[1]"]![0]!.GetValue<string>());

        Assert.Empty(await Keys());
        Assert.Equal(0L, await Rows("evidence_uploads"));
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task a_file_cited_by_a_published_result_is_public_and_no_other_file_is()
    {
        var plan = Pdf("Kế hoạch CCHC");
        var draft = Pdf("Bản nháp");
        var later = Pdf("Bổ sung sau công bố");
        Assert.Equal(201, (await Upload($"{Card}/evidence", Officer, ("Kế hoạch.pdf", plan), ("Bản nháp.pdf", draft), ("Bổ sung.pdf", later))).Status);
        await Post($"{Card}/self-scores", new { criterion = "1.1", points = 18, evidence = new[] { new { title = "Kế hoạch CCHC", file = Sha(plan) } } });
        await SelfAssessed("van-quan");
        await Post($"{Card}/self-scores", new { criterion = "1.2", numerator = 9, denominator = 10, explanation = "Số liệu báo cáo" });
        await Post($"{Card}/self-scores", new { criterion = "1.3", count = 4, explanation = "Số liệu báo cáo" });
        await Post($"{Card}/self-scores", new { criterion = "1.4", points = 0, explanation = "Không có" });
        await Post($"{Card}/self-scores", new { criterion = "1.5", points = 0, explanation = "Không có" });
        await Post($"{Card}/submission", null);
        await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 345/QĐ-UBND" }, 201);
        // Cited only after the publication: not part of what it published.
        await Post($"{Card}/adjustments", new { criterion = "1.1", points = 17, reason = "Bổ sung", decisionRef = "VB 9", evidence = new[] { new { title = "Bổ sung", file = Sha(later) } } });

        var published = "/api/years/2017/rankings/districts/publications/1/evidence";
        using (var response = await Download($"{published}/{Sha(plan)}", null))
        {
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(plan, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("Kế hoạch.pdf", response.Content.Headers.ContentDisposition!.FileNameStar);
        }
        foreach (var other in new[] { draft, later })
        {
            using var response = await Download($"{published}/{Sha(other)}", null);
            Assert.Equal(404, (int)response.StatusCode);
        }
        Assert.Equal(404, (int)(await Download($"/api/years/2017/rankings/districts/publications/2/evidence/{Sha(plan)}", null)).StatusCode);
        // The scorecard's own address still needs a token.
        Assert.Equal(401, (int)(await Download($"{Card}/evidence/{Sha(plan)}", null)).StatusCode);
    }
}
