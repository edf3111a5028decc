namespace K3Competency.Application;

/// <summary>Page numbers from the address bar, made safe once for every paged list.</summary>
public static class Paging
{
    /// <summary>Pages of <paramref name="total"/> items; at least one, so an empty list is "page 1 of 1".</summary>
    public static int PageCount(int total, int pageSize) => Math.Max(1, (int)((total + (long)pageSize - 1) / pageSize));

    /// <summary>
    /// Below 1 is 1, beyond the last page is the last page: ?p=2147483647 shows the last page instead of
    /// overflowing the offset into a server error.
    /// </summary>
    public static int Clamp(int page, int total, int pageSize) => Math.Clamp(page, 1, PageCount(total, pageSize));

    /// <summary>For lists without a total (newest first, a "more" link): the page kept within what an int offset holds.</summary>
    public static int Clamp(int page, int pageSize) => Math.Clamp(page, 1, (int.MaxValue / pageSize) - 1);
}
