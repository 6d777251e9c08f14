using System.CommandLine;
using CchcLedger.Api.Hosting;
using CchcLedger.Api.Rankings;
using CchcLedger.Domain;
using CchcLedger.Domain.Publications;
using CchcLedger.Projections;
using Marten;

namespace CchcLedger.Cli;

/// <summary><c>cchc publish | regenerate | what-if</c>: official rankings, checking them, and rules that were not applied.</summary>
internal static class PublicationCommands
{
    private static readonly Option<int> Year = new("--year") { Description = "The scoring year" };
    private static readonly Option<string?> Block = new("--block") { Description = "A block: departments, districts, communes or special-units" };
    private static readonly Option<string?> DecisionRef = new("--decision") { Description = "The decision that makes the ranking official, such as \"QĐ 345/QĐ-UBND\"" };
    private static readonly Option<string?> By = new("--by") { Description = "Who publishes (recorded on the event, with the appraiser role)" };
    private static readonly Option<int?> Number = new("--number") { Description = "The publication number" };
    private static readonly Option<bool> All = new("--all") { Description = "Every publication in the ledger" };
    private static readonly Option<string?> Key = new("--idempotency-key") { Description = "A key of your choosing (a UUID): the same command run again with it publishes once" };
    private static readonly Option<string?> Rules = new("--rules") { Description = "The rules to score under: {setId}@{version}, such as 2018-districts@2" };

    public static IEnumerable<Command> Build()
    {
        yield return ReadCommands.OnLedger("publish", "Make a block's ranking of a year official, frozen with its rules version and digest",
            [Year, Block, DecisionRef, By, Key, ReadCommands.AsJson], Publish);
        yield return ReadCommands.OnLedger("regenerate", "Recompute publications from the raw events; exits 1 if any differs",
            [Year, Block, Number, All, ReadCommands.AsJson], Regenerate);
        yield return ReadCommands.OnLedger("what-if", "A year's entries scored under other rules (--rules), beside the official ranking; not official",
            [Year, Block, Rules, ReadCommands.AsJson], WhatIf);
    }

    private static async Task<int> Publish(ParseResult parse, DocumentStore store, CancellationToken ct)
    {
        if (await CheckBlockAsync(parse, store, ct) is { } bad) return ReadCommands.Refused(bad);
        if (parse.GetValue(By) is not { Length: > 0 } by) return ReadCommands.Refused(Refusal.Invalid("by", "is required: who publishes"));
        using var actor = CurrentActor.Use(new ActorInfo(by, Roles.Appraiser, [], null));

        // Under --idempotency-key, running the command again (after a lost connection, say) publishes once.
        await using var conn = new Npgsql.NpgsqlConnection(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync(ct);
        var key = parse.GetValue(Key) is { Length: > 0 } k ? $"{Roles.Appraiser}|{by}|{k}" : null;
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"cchc publish\n{parse.GetValue(Year)}\n{parse.GetValue(Block)}\n{parse.GetValue(DecisionRef)}"));
        RankingPublished? publication;
        if (key is not null && await Idempotency.FindAsync(conn, key, ct) is { } earlier)
        {
            if (!earlier.RequestHash.AsSpan().SequenceEqual(hash))
                return ReadCommands.Refused(Refusal.Invalid("idempotency-key", $"was used at {earlier.RecordedAt:O} for another publication; a key names one request"));
            if (earlier.Body is not { Length: > 0 } body)
                return ReadCommands.Refused(Refusal.Conflict("idempotency-key", $"the publication with this key was made at {earlier.RecordedAt:O}; list the publications to see it"));
            publication = System.Text.Json.JsonSerializer.Deserialize<RankingPublished>(body, LedgerStore.EventJson)!;
        }
        else
        {
            using var scope = key is null ? null : IdempotencyKeys.Use(new IdempotentRequest(key, hash));
            await using var session = store.LightweightSession();
            (publication, var refusal) = await PublishRankingEndpoint.PublishAsync(session, TimeProvider.System, parse.GetValue(Year), parse.GetValue(Block)!,
                new PublishRanking(parse.GetValue(DecisionRef)), ct: ct);
            if (refusal is not null) return ReadCommands.Refused(refusal);
            await CheckpointSigner.From(CliOptions.Settings, production: CliOptions.KeysRequired(parse)).CheckpointAsync(store, ct);
            if (key is not null)
                await Idempotency.KeepAsync(conn, key, 201, "application/json", null, null, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(publication, LedgerStore.EventJson));
        }
        if (parse.GetValue(ReadCommands.AsJson)) { Output.WriteJson(publication!); return 0; }
        var p = publication!;
        Console.WriteLine($"publication {p.Number} of {p.Year} {p.Block}: {p.Entries.Count} agencies under {p.CriteriaSet}, at {Output.At(p.PublishedAt)}, " +
                          $"through event {p.ThroughSequence}, decision {p.DecisionRef}");
        Console.WriteLine($"sha256 {p.Digest}");
        return 0;
    }

    private static async Task<int> Regenerate(ParseResult parse, DocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        IReadOnlyList<RankingPublished> publications;
        if (parse.GetValue(All)) publications = await Publications.AllAsync(session, ct);
        else
        {
            if (await CheckBlockAsync(parse, store, ct) is { } bad) return ReadCommands.Refused(bad);
            var all = await Publications.OfBlockAsync(session, parse.GetValue(Year), parse.GetValue(Block)!, ct);
            publications = parse.GetValue(Number) is { } n ? all.Where(p => p.Number == n).ToList() : all;
            if (publications.Count == 0)
                return ReadCommands.Refused(Refusal.NotFound("number", $"{parse.GetValue(Year)} {parse.GetValue(Block)} has no publication{(parse.GetValue(Number) is { } x ? $" {x}" : "s")}"));
        }

        var results = new List<RegenerationResult>();
        foreach (var publication in publications) results.Add(await Regeneration.RegenerateAsync(session, publication, ct));
        if (parse.GetValue(ReadCommands.AsJson)) Output.WriteJson(results);
        else
        {
            Output.Table(["year", "block", "#", "result", "digest"],
                results.Select(r => (IReadOnlyList<string>)[r.Year.ToString(), r.Block, r.Number.ToString(), r.Identical ? "identical" : "DIFFERENT", r.Digest]), 0, 2);
            foreach (var r in results.Where(r => !r.Identical))
            {
                Console.WriteLine($"\n{r.Year} {r.Block} publication {r.Number}: published {r.PublishedDigest}{(r.PublishedDigestValid ? "" : " (the stored publication no longer hashes to it)")}");
                foreach (var d in r.Differences) Console.WriteLine($"  {d.Agency} {d.Field}: published {d.Published}, regenerated {d.Regenerated}");
            }
            Console.WriteLine($"{results.Count(r => r.Identical)} of {results.Count} publications regenerate identically");
        }
        return results.All(r => r.Identical) ? 0 : 1;
    }

    private static async Task<int> WhatIf(ParseResult parse, DocumentStore store, CancellationToken ct)
    {
        if (await CheckBlockAsync(parse, store, ct) is { } bad) return ReadCommands.Refused(bad);
        if (parse.GetValue(Rules) is not { } rules) return ReadCommands.Refused(Refusal.Invalid("rules", "is required: {setId}@{version}"));
        await using var session = store.QuerySession();
        var (whatIf, refusal) = await WhatIfRanking.LoadAsync(session, parse.GetValue(Year), parse.GetValue(Block)!, rules, ct);
        if (refusal is not null) return ReadCommands.Refused(refusal);
        if (parse.GetValue(ReadCommands.AsJson)) { Output.WriteJson(whatIf!); return 0; }

        Console.WriteLine(whatIf!.Notice);
        Output.Table(["#", "agency", "name", "total", "class", "official #", "official total", "official class", "change"],
            whatIf.Entries.Select(e => (IReadOnlyList<string>)[e.Rank.ToString(), e.Agency, e.Name, Output.N(e.Total), e.Classification,
                e.OfficialRank.ToString(), Output.N(e.OfficialTotal), e.OfficialClassification, Output.Signed(e.TotalChange)]), 0, 3, 5, 6, 8);
        foreach (var u in whatIf.Unmatched)
            Console.WriteLine($"leaf {u.Code} ({u.Title}): {u.Side}{(u.Agencies.Count > 0 ? $", values of {string.Join(", ", u.Agencies)}" : "")}");
        return 0;
    }

    private static async Task<Refusal?> CheckBlockAsync(ParseResult parse, DocumentStore store, CancellationToken ct)
    {
        if (parse.GetValue(Year) == 0) return Refusal.Invalid("year", "is required");
        await using var session = store.QuerySession();
        return (await CchcLedger.Api.LedgerQueries.BlocksAsync(session, ct)).RefuseUnlessDefined("block", parse.GetValue(Block), RefusalKind.Invalid);
    }
}
