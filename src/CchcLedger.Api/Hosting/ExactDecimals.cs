using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using CchcLedger.Domain;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// Decimals in request bodies are read from the number's text exactly (<see cref="Numbers.TryParseExact"/>): a value the
/// ledger cannot store exactly is refused with its reason, never rounded or flushed to zero by the JSON reader.
/// </summary>
public sealed class ExactDecimals : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number) throw new JsonException("must be a JSON number, such as 12.5");
        var text = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return Numbers.TryParseExact(text, out var value, out var error) ? value : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
