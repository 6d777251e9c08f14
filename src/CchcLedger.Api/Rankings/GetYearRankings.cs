using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Rankings;

/// <summary>Every ranked block of a year, and the count per class across the province.</summary>
public sealed record YearRankings(int Year, int Agencies, IReadOnlyList<ClassCount> Classes, IReadOnlyList<BlockRanking> Blocks);

public static class GetYearRankingsEndpoint
{
    [WolverineGet("/api/years/{year}/rankings")]
    public static async Task<IResult> Get(int year, IQuerySession session)
    {
        var blocks = new List<BlockRanking>();
        foreach (var block in Blocks.Names.Keys)
            if (await BlockRanking.LoadAsync(session, year, block) is { } ranking) blocks.Add(ranking);
        if (blocks.Count == 0) return Problems.Make(404, "Not found", "year", $"no criteria set is adopted for {year}");

        var classes = blocks.SelectMany(b => b.Classes)
            .GroupBy(c => c.Classification)
            .Select(g => new ClassCount(g.Key, g.Sum(c => c.Count)))
            .ToList();
        return Results.Ok(new YearRankings(year, blocks.Sum(b => b.Entries.Count), classes, blocks));
    }
}
