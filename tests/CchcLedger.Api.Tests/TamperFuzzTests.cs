using System.Text.Json;
using CchcLedger.Api.Demo;
using CchcLedger.Projections;
using Npgsql;

namespace CchcLedger.Api.Tests;

/// <summary>
/// 1,000 random single mutations of stored events (data, actor, header, instant, type, correlation id, a row removed or duplicated), each made as the database superuser inside a transaction that
/// is verified and then rolled back: every one is detected, and the untouched ledger never is.
/// </summary>
public sealed class TamperFuzzTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const int Mutations = 1000;

    private sealed record Row(long Seq, string Stream, long Version, string Data);

    [Fact]
    public async Task a_thousand_random_single_mutations_are_all_detected_and_the_untouched_ledger_never_is()
    {
        await DemoLoader.LoadAsync(Store, DemoData.Read(DemoData.DefaultPath()));
        await using var conn = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await conn.OpenAsync();
        var rows = new List<Row>();
        await using (var cmd = new NpgsqlCommand("select seq_id, stream_id, version, data::text from cchc.mt_events order by seq_id", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add(new(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));

        var random = new Random(20171);
        var missed = new List<string>();
        var kinds = new Dictionary<string, int>();
        for (var i = 0; i < Mutations; i++)
        {
            if (i % 100 == 0) Assert.True((await EventSeals.VerifyAsync(conn)).Ok, $"the untouched ledger was flagged before mutation {i}");
            var row = rows[random.Next(rows.Count)];
            await using var tx = await conn.BeginTransactionAsync();
            var (kind, sql, parameters) = Mutation(random, row, rows[^1].Seq);
            await using (var cmd = new NpgsqlCommand(sql, conn, tx))
            {
                foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
                Assert.True(await cmd.ExecuteNonQueryAsync() > 0, $"{kind} on {row.Seq} changed nothing");
            }
            var report = await EventSeals.VerifyAsync(conn);
            if (report.Ok) missed.Add($"{kind} on seq {row.Seq}");
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            await tx.RollbackAsync();
        }
        Assert.True((await EventSeals.VerifyAsync(conn)).Ok, "the untouched ledger was flagged after the mutations");
        Assert.True(missed.Count == 0, $"{missed.Count} of {Mutations} mutations went undetected: {string.Join("; ", missed.Take(10))}");
        Assert.True(kinds.Count == 8, "every kind of mutation was tried: " + string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}")));
    }

    private static (string Kind, string Sql, (string, object)[] Parameters) Mutation(Random random, Row row, long lastSeq)
    {
        (string, object)[] Seq = [("s", row.Seq)];
        switch (random.Next(8))
        {
            case 0:
                return ("a character of the data", "update cchc.mt_events set data = @data::jsonb where seq_id = @s", [("s", row.Seq), ("data", ChangeOneCharacter(random, row.Data))]);
            case 1:
                return ("the actor", "update cchc.mt_events set user_name = coalesce(user_name, '') || 'x' where seq_id = @s", Seq);
            case 2:
                return ("a header", "update cchc.mt_events set headers = coalesce(headers, '{}'::jsonb) || '{\"actorRole\": \"auditor-x\"}'::jsonb where seq_id = @s", Seq);
            case 3:
                return ("the instant", "update cchc.mt_events set timestamp = timestamp + interval '1 microsecond' where seq_id = @s", Seq);
            case 4:
                return ("the type", "update cchc.mt_events set type = type || '_x' where seq_id = @s", Seq);
            case 5:
                return ("the correlation id", "update cchc.mt_events set correlation_id = coalesce(correlation_id, '') || 'x' where seq_id = @s", Seq);
            case 6:
                return ("a row removed", "delete from cchc.mt_events where seq_id = @s", Seq);
            default:
                return ("a row duplicated",
                    "alter table cchc.mt_events disable trigger seal_event; " +
                    "insert into cchc.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, headers, user_name) " +
                    "select @next, gen_random_uuid(), stream_id, (select max(version) + 1 from cchc.mt_events where stream_id = @stream), data, type, timestamp, mt_dotnet_type, headers, user_name " +
                    "from cchc.mt_events where seq_id = @s",
                    [("s", row.Seq), ("next", lastSeq + 1), ("stream", row.Stream)]);
        }
    }

    /// <summary>One letter or digit of the JSON text replaced by another, keeping it valid JSON.</summary>
    private static string ChangeOneCharacter(Random random, string json)
    {
        while (true)
        {
            var at = random.Next(json.Length);
            if (!char.IsAsciiLetterOrDigit(json[at])) continue;
            var replacement = char.IsAsciiDigit(json[at]) ? (char)('0' + (json[at] - '0' + 1 + random.Next(9)) % 10) : json[at] == 'a' ? 'b' : 'a';
            var changed = json[..at] + replacement + json[(at + 1)..];
            try
            {
                using var _ = JsonDocument.Parse(changed);
                return changed;
            }
            catch (JsonException)
            {
            }
        }
    }
}
