using System.Text.Json;
using CchcLedger.Projections;

namespace CchcLedger.Api.Tests;

/// <summary>Event instants are read only with their offset, never in the machine's own time zone (docs/integrity/publication.md).</summary>
public sealed class OffsetInstantTests
{
    private static DateTimeOffset Read(string text) => JsonSerializer.Deserialize<DateTimeOffset>(JsonSerializer.Serialize(text), LedgerStore.EventJson);

    [Theory]
    [InlineData("2026-11-29T23:07:28+00:00", "2026-11-29T23:07:28.0000000+00:00")]
    [InlineData("2026-11-29T23:07:28.1+00:00", "2026-11-29T23:07:28.1000000+00:00")]
    [InlineData("2026-11-29T23:07:28.191114Z", "2026-11-29T23:07:28.1911140+00:00")]
    [InlineData("2026-11-30T06:07:28.191114+07:00", "2026-11-30T06:07:28.1911140+07:00")]
    [InlineData("2026-11-29T23:07:28.191114789Z", "2026-11-29T23:07:28.1911147+00:00")]
    public void an_instant_with_its_offset_is_read_to_the_tick(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Read(text));

    [Theory]
    [InlineData("2026-11-29T23:07:28.191114")]
    [InlineData("2026-11-29")]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData("2026-11-29 23:07:28Z")]
    public void an_instant_without_an_offset_or_out_of_form_is_refused(string text) =>
        Assert.Contains("is not an instant with its offset", Assert.Throws<JsonException>(() => Read(text)).Message);
}
