using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Criteria;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Criteria;

public static class AmendCriteriaSetEndpoint
{
    /// <summary>Changes the rules by a decision: every change applies, as one new rules version, or none does.</summary>
    [Api("Sửa đổi bộ tiêu chí", "Amend a criteria set")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<CriteriaSetDetail>(200)]
    [Refuses(400, 404, 409)]
    [Versioned]
    [WolverinePost("/api/criteria-sets/{setId}/amendments")]
    public static Task<IResult> Post(string setId, AmendCriteriaSet command, IDocumentSession session, HttpContext http) =>
        CriteriaSetWrites.ExecuteAsync(session, setId, set => Task.FromResult(CriteriaAmendments.Amend(set, command)), http);
}
