using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Appeals;

/// <summary>One step of an appeal's life: what happened, who recorded it, when.</summary>
public sealed record AppealStep(long Sequence, DateTimeOffset RecordedAt, string? RecordedBy, string Kind, object Details);

public sealed record AppealDetail(AppealView Appeal, IReadOnlyList<AppealStep> History)
{
    public static async Task<AppealDetail?> LoadAsync(IQuerySession session, string appealId, CancellationToken ct = default)
    {
        if (await session.LoadAsync<AppealView>(appealId, ct) is not { } appeal) return null;
        var history = (await session.Events.FetchStreamAsync(appeal.ScorecardId, token: ct))
            .Where(e => e.Data is AppealFiled f && f.AppealId == appealId || e.Data is AppealWithdrawn w && w.AppealId == appealId || e.Data is AppealDecided d && d.AppealId == appealId)
            .Select(e => new AppealStep(e.Sequence, e.Timestamp, e.UserName, e.Data switch
            {
                AppealFiled => "filed",
                AppealWithdrawn => "withdrawn",
                _ => "decided",
            }, e.Data))
            .ToList();
        return new AppealDetail(appeal, history);
    }

    public static async Task<IReadOnlyList<AppealView>> ListAsync(IQuerySession session, int year, string? block, string? agency, string? state, CancellationToken ct = default)
    {
        var query = session.Query<AppealView>().Where(a => a.Year == year);
        if (block is not null) query = query.Where(a => a.Block == block);
        if (agency is not null) query = query.Where(a => a.Agency == agency);
        if (state is not null) query = query.Where(a => a.State == state);
        return (await query.ToListAsync(ct)).OrderBy(a => a.FiledAt).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
    }
}

public static class ListAppealsEndpoint
{
    private static readonly string[] States = [AppealStates.Open, AppealStates.Withdrawn, AppealOutcomes.Upheld, AppealOutcomes.PartlyUpheld, AppealOutcomes.Rejected];

    [Api("Danh sách kiến nghị", "List the appeals")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<AppealView>>(200)]
    [Refuses(400)]
    [WolverineGet("/api/years/{year}/appeals")]
    public static async Task<IResult> Get(int year, string? block, string? agency, string? state, IQuerySession session)
    {
        if (block is not null && (await session.BlocksAsync()).RefuseUnlessDefined("block", block, Domain.RefusalKind.Invalid) is { } badBlock)
            return Problems.For(badBlock);
        if (state is not null && !States.Contains(state))
            return Problems.Make(400, "Invalid request", "state", $"'{state}' is not a state of an appeal; states are {string.Join(", ", States)}");
        return Results.Ok(await AppealDetail.ListAsync(session, year, block, agency, state));
    }
}

public static class GetAppealEndpoint
{
    [Api("Xem kiến nghị", "Read an appeal")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AppealDetail>(200)]
    [Refuses(404)]
    [WolverineGet("/api/appeals/{appealId}")]
    public static async Task<IResult> Get(string appealId, IQuerySession session) =>
        await AppealDetail.LoadAsync(session, appealId) is { } detail
            ? Results.Ok(detail)
            : Problems.Make(404, "Not found", "appealId", AccessControl.NoSuchAppeal(appealId));
}
