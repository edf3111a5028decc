namespace K3Competency.Web.Infrastructure;

/// <summary>
/// The link of a sortable column header: the same query with ?urut=column, ascending unless the list is already
/// sorted ascending by it, and back to the first page (the rows move).
/// </summary>
public static class SortLinks
{
    public static string SortUrl(this HttpRequest request, string column, string currentSort, bool descending)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query.Where(q => q.Key is not ("urut" or "turun" or "p")).ToDictionary(q => q.Key, q => q.Value.ToString());
        query["urut"] = column;
        query["turun"] = (currentSort == column && !descending).ToString().ToLowerInvariant();
        return request.Path + "?" + string.Join("&", query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
    }
}
