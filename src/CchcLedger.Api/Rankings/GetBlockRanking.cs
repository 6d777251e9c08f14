using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Rankings;

public static class GetBlockRankingEndpoint
{
    [WolverineGet("/api/years/{year}/rankings/{block}")]
    public static async Task<IResult> Get(int year, string block, IQuerySession session)
    {
        if (!Blocks.IsKnown(block))
            return Problems.Make(404, "Not found", "block", $"'{block}' is not a block; blocks are {Blocks.Describe()}");
        return await BlockRanking.LoadAsync(session, year, block) is { } ranking
            ? Results.Ok(ranking)
            : Problems.Make(404, "Not found", "year", $"no criteria set is adopted for {year} and block '{block}'");
    }
}
