using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Tests;

public class PublicationTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2018, 2, 1, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560);
    private static readonly RankedEntry[] Entries =
    [
        new(1, "lang-son", "Thành phố Lạng Sơn", 95.50m, 95.50m, "Tốt"),
        new(2, "huu-lung", "Huyện \"Hữu\" Lũng\\", 77.90m, 77.9m, "Khá"),
    ];

    private static Decision Publish(ResultsRound? results = null, IReadOnlyList<string>? open = null, DateTimeOffset? at = null) =>
        PublicationDecisions.Publish(results, 2017, "districts", new RankingToPublish(new SetRef("2017-districts", 2), Entries, open ?? []),
            new PublishRanking("QĐ 20/QĐ-UBND"), at ?? At, 1234);

    [Fact]
    public void the_canonical_form_is_the_documented_one_line_of_json()
    {
        var p = Assert.IsType<RankingPublished>(Assert.Single(Publish().Events));
        Assert.Equal(
            "{\"year\":2017,\"block\":\"districts\",\"number\":1,\"round\":0,\"previous\":null,\"criteriaSet\":{\"id\":\"2017-districts\",\"version\":2}," +
            "\"publishedAt\":\"2018-02-01T03:04:05.123456Z\",\"throughSequence\":1234,\"decisionRef\":\"QĐ 20/QĐ-UBND\",\"entries\":[" +
            "{\"rank\":1,\"agency\":\"lang-son\",\"name\":\"Thành phố Lạng Sơn\",\"total\":95.5,\"index\":95.5,\"classification\":\"Tốt\"}," +
            "{\"rank\":2,\"agency\":\"huu-lung\",\"name\":\"Huyện \\\"Hữu\\\" Lũng\\\\\",\"total\":77.9,\"index\":77.9,\"classification\":\"Khá\"}]}",
            PublicationDigest.Canonical(p));
        Assert.Equal(64, p.Digest.Length);
        Assert.Equal(p.Digest, PublicationDigest.Of(p));
    }

    [Fact]
    public void a_publication_of_an_unknown_format_has_no_canonical_line_rather_than_that_of_format_1()
    {
        var p = Assert.IsType<RankingPublished>(Assert.Single(Publish().Events));
        Assert.Null(PublicationDigest.FormatProblem(p));
        var unknown = p with { Format = "cchc-publication/3" };
        Assert.Contains("'cchc-publication/3' is unknown", PublicationDigest.FormatProblem(unknown));
        Assert.Throws<InvalidDataException>(() => PublicationDigest.Of(unknown));
        Assert.Throws<InvalidDataException>(() => PublicationDigest.Of(p with { Format = PublicationDigest.Format2, Streams = null }));
    }

    [Theory]
    [InlineData("77.90", "77.9")]
    [InlineData("80.00", "80")]
    [InlineData("-0.50", "-0.5")]
    [InlineData("0.000", "0")]
    [InlineData("100", "100")]
    [InlineData("0.0001", "0.0001")]
    public void decimals_are_written_by_value_not_by_scale(string value, string expected) =>
        Assert.Equal(expected, PublicationDigest.Number(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void any_change_to_an_entry_changes_the_digest()
    {
        var p = Assert.IsType<RankingPublished>(Assert.Single(Publish().Events));
        var moved = p with { Entries = [Entries[0] with { Total = 95.51m }, Entries[1]] };
        var renamed = p with { Entries = [Entries[0], Entries[1] with { Name = "Huyện Hữu Lũng" }] };
        Assert.Equal(3, new[] { p.Digest, PublicationDigest.Of(moved), PublicationDigest.Of(renamed) }.Distinct().Count());
    }

    [Fact]
    public void the_next_publication_references_the_previous_one()
    {
        var first = Assert.IsType<RankingPublished>(Assert.Single(Publish().Events));
        var results = ResultsRound.Evolve(null, first);
        var second = Assert.IsType<RankingPublished>(Assert.Single(Publish(results).Events));
        Assert.Equal((2, new PreviousPublication(1, first.Digest)), (second.Number, second.Previous));
    }

    [Fact]
    public void publication_waits_for_the_appeal_window_and_the_open_appeals()
    {
        var round = new ResultsRound("round-2017-districts", 2017, "districts", 1, "2017-districts", At.AddDays(-5), At.AddDays(5));
        Assert.Contains("appeal window", Publish(round).Refusal!.Reason);
        Assert.Contains("2017-huu-lung-1", Publish(open: ["2017-huu-lung-1"]).Refusal!.Reason);
        Assert.False(Publish(round, at: At.AddDays(6)).IsRefused);
    }

    [Fact]
    public void regenerated_entries_that_differ_are_named_field_by_field()
    {
        var differences = RankingComparison.Compare(Entries, [Entries[0], Entries[1] with { Total = 78m, Classification = "Tốt" }]);
        Assert.Equal([("huu-lung", "total"), ("huu-lung", "classification")], differences.Select(d => (d.Agency, d.Field)));
        Assert.Empty(RankingComparison.Compare(Entries, Entries));
    }
}
