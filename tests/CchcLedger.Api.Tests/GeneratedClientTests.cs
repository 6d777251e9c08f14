using System.Net.Http.Headers;
using CchcLedger.Api.Hosting;
using CchcLedger.Api.Tests.LedgerClient;
using CchcLedger.Api.Tests.LedgerClient.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace CchcLedger.Api.Tests;

/// <summary>
/// The demo's path through the ledger (register, self-score, appraise, rank, publish, verify) driven only by the client that
/// Kiota generated from the committed document (<c>LedgerClient/</c>, from <c>docs/openapi/v1.json</c>): if the document
/// describes a request or an answer wrongly, this client sends or reads it wrongly and the test fails.
/// </summary>
public sealed class GeneratedClientTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    /// <summary>A generated client speaking to the test host as one role; the token rides on the HttpClient, the rest is generated code.</summary>
    private LedgerApiClient ClientAs(string? role, params string[] agencies)
    {
        var http = Host.Server.CreateClient();
        if (role is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(role, null, agencies));
        return new LedgerApiClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = "http://localhost" });
    }

    [Fact]
    public async Task the_generated_client_runs_the_demo_scenario_from_registration_to_a_verified_publication()
    {
        var admin = ClientAs(Roles.CriteriaAdmin);
        var officer = ClientAs(Roles.AgencyOfficer, "huu-lung");
        var appraiser = ClientAs(Roles.Appraiser);
        var auditor = ClientAs(Roles.Auditor);
        var anyone = ClientAs(null);

        var set = await admin.Api.CriteriaSets.PostAsync(new DraftCriteriaSet
        {
            Id = "2017-districts", Year = 2017, Block = "districts", Title = "Bộ chỉ số CCHC năm 2017 các huyện, thành phố",
            Areas =
            [
                new CriterionNode
                {
                    Code = "1", Title = "Công tác chỉ đạo, điều hành", Max = 60m,
                    Children =
                    [
                        new CriterionNode { Code = "1.1", Title = "Ban hành kế hoạch CCHC", Max = 30m, Method = LeafMethod.Scale, Step = 0.25m },
                        new CriterionNode { Code = "1.2", Title = "Tỷ lệ thủ tục hành chính được rà soát", Max = 30m, Method = LeafMethod.Ratio },
                    ],
                },
                new CriterionNode { Code = "2", Title = "Điều tra xã hội học", Max = 40m, Children = [new CriterionNode { Code = "2.1", Title = "Mức độ hài lòng", Max = 40m, Method = LeafMethod.Survey }] },
            ],
            ClassBands = [new ClassBand { Label = "Tốt", Min = 80m }, new ClassBand { Label = "Khá", Min = 65m }, new ClassBand { Label = "Trung bình", Min = 0m }],
            Rounding = new RoundingRule { Decimals = 2, Mode = RoundingMode.HalfUp },
            TieRule = new TieRule { Kind = "shared" },
        });
        Assert.Equal(100m, set!.MaxPoints);
        await admin.Api.CriteriaSets["2017-districts"].Adoption.PostAsync(new AdoptCriteriaSet { DecisionRef = "QĐ số 1029/QĐ-UBND ngày 30/5/2017 (dữ liệu mẫu)" });

        var agency = await admin.Api.Agencies.PostAsync(new RegisterAgency { Code = "huu-lung", Name = "UBND huyện Hữu Lũng", Block = "districts" });
        Assert.Equal("UBND huyện Hữu Lũng", agency!.Name);

        // Self-scores with values that a binary float would not keep exactly (0.1 steps of a ratio, quarters).
        var card = officer.Api.Years[2017].Scorecards["huu-lung"];
        await card.SelfScores.PostAsync(new EnterSelfScore { Criterion = "1.1", Points = 27.25m, Evidence = [new EvidenceInput { Title = "Kế hoạch CCHC năm 2017", DocumentRef = "KH số 12/KH-UBND (dữ liệu mẫu)" }] });
        await card.SelfScores.PostAsync(new EnterSelfScore { Criterion = "1.2", Numerator = 20m, Denominator = 24m, Evidence = [new EvidenceInput { Title = "Báo cáo rà soát TTHC", DocumentRef = "BC số 45/BC-UBND (dữ liệu mẫu)" }] });
        var submitted = await card.Submission.PostAsync();
        Assert.NotNull(submitted);

        // A refusal arrives as the document's problem type, with the field named in errors.
        var refused = await Assert.ThrowsAsync<Problem>(() => card.SelfScores.PostAsync(new EnterSelfScore { Criterion = "9.9", Points = 1m }));
        Assert.Equal(404, refused.ResponseStatusCode);
        Assert.Contains("criterion", refused.Errors!.AdditionalData.Keys);

        var appraised = appraiser.Api.Years[2017].Scorecards["huu-lung"];
        await appraised.Appraisals.PostAsync(new RecordAppraisal { Criterion = "1.1", Accept = true });
        await appraised.Appraisals.PostAsync(new RecordAppraisal { Criterion = "1.2", Accept = false, Numerator = 14m, Denominator = 24m, Note = "10 TTHC chưa được rà soát, đánh giá theo kế hoạch" });
        var afterSurvey = await appraised.SurveyScores.PostAsync(new EnterSurveyPoints { Criterion = "2.1", Points = 35.35m, Source = "Tổ điều tra xã hội học – Sở Nội vụ" });
        Assert.NotNull(afterSurvey);

        // 27.25 + 30 × 14/24 (17.5) + 35.35 = 80.10: exact, and Tốt.
        var rankings = await auditor.Api.Years[2017].Rankings.GetAsync();
        var entry = Assert.Single(rankings!.Blocks!.Single(b => b.Block == "districts").Entries!);
        Assert.Equal(("huu-lung", 80.1m, 1, "Tốt"), (entry.Agency, entry.Total, entry.Rank, entry.Classification));

        var published = await appraiser.Api.Years[2017].Rankings["districts"].Publications.PostAsync(
            new PublishRanking { DecisionRef = "Quyết định số 195/QĐ-UBND ngày 06/02/2018 (dữ liệu mẫu)" });
        var regenerated = await anyone.Api.Years[2017].Rankings["districts"].Publications[published!.Number!.Value].Regeneration.GetAsync();
        Assert.True(regenerated!.Identical, "the publication regenerated from the events differs from the one published");
        Assert.True(regenerated.PublishedDigestValid);
        Assert.Equal(80.1m, Assert.Single(regenerated.Entries!).Total);

        var report = await auditor.Api.Integrity.Verification.GetAsync();
        Assert.True(report!.Ok, $"the ledger does not verify: {report.FirstFailure?.Kind} {report.FirstFailure?.Detail}");
    }
}
