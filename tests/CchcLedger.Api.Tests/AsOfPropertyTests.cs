using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using CchcLedger.Projections;
using Marten;

namespace CchcLedger.Api.Tests;

/// <summary>
/// Random sequences of score events over several agencies; at random instants the as-of ranking (served from the
/// history projections) must equal a from-scratch recomputation from the raw events recorded before that instant.
/// </summary>
public sealed class AsOfPropertyTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly string[] Agencies = ["a-1", "a-2", "a-3", "a-4", "a-5"];

    [Theory]
    [InlineData(17)]
    [InlineData(2024)]
    [InlineData(90210)]
    public async Task as_of_rankings_equal_a_recomputation_from_the_raw_events(int seed)
    {
        var random = new Random(seed);
        await SmallSetAdopted();
        foreach (var code in Agencies) await AgencyRegistered(code, $"UBND xã {code.ToUpperInvariant()}");

        var instants = new List<DateTimeOffset>();
        for (var step = 0; step < 70; step++)
        {
            var agency = Agencies[random.Next(Agencies.Length)];
            var url = $"/api/years/2017/scorecards/{agency}";
            var (path, body) = random.Next(7) switch
            {
                0 => ("self-scores", (object)new { criterion = "1.1", points = random.Next(0, 41) * 0.5m, evidence = Evidence }),
                1 => ("self-scores", new { criterion = "1.2", numerator = random.Next(0, 11), denominator = 10, evidence = Evidence }),
                2 => ("self-scores", new { criterion = "1.3", count = random.Next(0, 6), explanation = "Giải trình" }),
                3 => ("survey-scores", new { criterion = "2.1", points = random.Next(0, 161) * 0.25m }),
                4 => ("adjustments", random.Next(2) == 0
                    ? new { criterion = "1.1", points = random.Next(0, 41) * 0.5m, reason = "Điều chỉnh", decisionRef = $"QĐ {step}" }
                    : new { criterion = "1.5", points = -random.Next(0, 5) * 0.5m, reason = "Điểm trừ", decisionRef = $"QĐ {step}" }),
                5 => ("submission", null!),
                _ => ("appraisals", new { criterion = "1.1", points = random.Next(0, 41) * 0.5m, note = "Thẩm định" }),
            };
            // Some of these are refused (an appraisal before submission, a self-score after it): refusals write nothing.
            await Host.Scenario(s =>
            {
                if (body is null) s.Post.Url($"{url}/{path}"); else s.Post.Json(body).ToUrl($"{url}/{path}");
                Authorized(s, "POST", $"{url}/{path}");
                s.IgnoreStatusCode();
            });
            if (random.Next(3) == 0) instants.Add(DateTimeOffset.UtcNow);
            if (random.Next(4) == 0) await Task.Delay(random.Next(1, 4));
        }
        instants.Add(DateTimeOffset.UtcNow);

        foreach (var at in instants)
        {
            var served = await Get($"/api/years/2017/rankings/districts?asOf={Uri.EscapeDataString(at.ToString("O"))}");
            var expected = await RecomputeAsync(new Cut(at));
            var actual = served["entries"]!.AsArray()
                .Select(e => new RankedEntry(e!["rank"]!.GetValue<int>(), e["agency"]!.GetValue<string>(), e["name"]!.GetValue<string>(),
                    Dec(e["total"]), Dec(e["index"]), e["classification"]!.GetValue<string>()))
                .ToList();
            Assert.Equal(expected, actual);
        }
        Assert.True(instants.Count > 5);
    }

    /// <summary>The ranking from nothing but the raw events recorded before the cut, folded with the domain's own functions.</summary>
    private async Task<IReadOnlyList<RankedEntry>> RecomputeAsync(Cut cut)
    {
        await using var session = Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.Timestamp < cut.Bound).OrderBy(e => e.Sequence).ToListAsync();
        var agencies = new Dictionary<string, Agency?>();
        var sets = new Dictionary<string, CriteriaSet?>();
        var cards = new Dictionary<string, Scorecard?>();
        foreach (var e in events)
        {
            var key = e.StreamKey!;
            if (key.StartsWith("agency-")) agencies[key] = Agency.Evolve(agencies.GetValueOrDefault(key), e.Data);
            else if (key.StartsWith("criteria-set-")) sets[key] = CriteriaSet.Evolve(sets.GetValueOrDefault(key), e.Data);
            else if (key.StartsWith("scorecard-")) cards[key] = Scorecard.Evolve(cards.GetValueOrDefault(key), e.Data);
        }
        var set = sets.Values.Single(s => s is { Year: 2017, Block: "districts", Adopted: true })!;
        var names = agencies.Values.ToDictionary(a => a!.Code, a => a!.Name);
        return Ranking.Rank(cards.Values.Select(c => new RankingCandidate(c!.Agency, names[c.Agency], ScoreSheet.Score(set.Rules, c.Entries()).Summary())), set.Rules.TieRule);
    }
}
