/* The book's search ranking: Sphinx's html_search_scorer file (set by _ext/steps/search_ranking.py, which
 * explains why). Sphinx copies it into _static/language_data.js, which the search page loads after
 * searchtools.js and before the index. It wraps Search._performSearch of Sphinx 7.4.7: of the pages
 * Sphinx finds, one result each, ranked by MLOPS_SEARCH_RANKING (_static/search_ranking.js):
 *   1. the reading pages before the pages about the book ("About this book" in _toc.yml);
 *   2. the words in the page's title, then in a heading or glossary term, then only in its text;
 *   3. how often the page uses them;
 * each linking to where the words stand (the heading, the term, or the section that uses them most),
 * whose text Sphinx then quotes as the snippet (a glossary term's: its definition). */
"use strict";
if (typeof Search !== "undefined") {
  const MLOPS_TEXT = 0;
  const MLOPS_TITLE = 2;
  const mlopsRank = (results, searchTerms) => {
    const ranking = window.MLOPS_SEARCH_RANKING;
    if (!ranking) return results;
    const index = Search._index;
    // Sphinx's results come best last; keep each page's best one
    const pages = new Map();
    [...results].reverse().forEach((result) => pages.has(result[0]) || pages.set(result[0], result));
    const headings = new Map(); // "page#id" -> the heading's text, from Sphinx's own list of titles
    Object.entries(index.alltitles).forEach(([title, found]) =>
      found.forEach(([file, id]) => id && headings.set(`${index.docnames[file]}#${id}`, title))
    );
    const number = new Map(ranking.pages.map((page, i) => [page, i]));
    const later = new Set(ranking.later);
    const ranked = [...pages.values()].map(([docname, _title, _anchor, descr, _score, filename]) => {
      const page = number.get(docname);
      let count = 0;
      let kind = MLOPS_TITLE;
      let rarest = null; // the place of the word this page uses least: where the query as a whole stands
      searchTerms.forEach((term) => {
        // four numbers a page: the page, the count, the kind of place, the place (-1: the page itself)
        const found = ranking.words[term] || [];
        let entry = [page, 1, MLOPS_TEXT, -1];
        for (let i = 0; i < found.length; i += 4) if (found[i] === page) entry = found.slice(i, i + 4);
        count += entry[1];
        kind = Math.min(kind, entry[2]);
        if (rarest === null || entry[1] < rarest[1]) rarest = entry;
      });
      const where = rarest === null || rarest[3] < 0 ? "" : ranking.places[page][rarest[3]];
      if (!searchTerms.size) kind = MLOPS_TEXT;
      const pageTitle = index.titles[index.docnames.indexOf(docname)];
      const heading = where ? headings.get(`${docname}#${where}`) : null;
      const reading = later.has(page) ? 0 : 1;
      const score = reading * 1e6 + kind * 1e4 + Math.min(count, 9999);
      const title = heading && heading !== pageTitle ? `${pageTitle} > ${heading}` : pageTitle;
      return [docname, title, where ? `#${where}` : "", descr, score, filename];
    });
    return ranked.sort(_orderResultsByScoreThenName);
  };
  // A glossary term's snippet is its definition: the term itself (its <dt>) says nothing more than the query
  const sphinxHtmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    if (anchor) {
      const page = new DOMParser().parseFromString(htmlString, "text/html");
      page.querySelectorAll(".headerlink, script, style").forEach((element) => element.remove());
      const term = page.querySelector(`[role="main"] dt${anchor}`);
      if (term) return `${term.textContent} ${term.nextElementSibling ? term.nextElementSibling.textContent : ""}`;
    }
    return sphinxHtmlToText(htmlString, anchor);
  };
  const sphinxPerformSearch = Search._performSearch;
  Search._performSearch = (query, searchTerms, excludedTerms, highlightTerms, objectTerms) =>
    mlopsRank(sphinxPerformSearch(query, searchTerms, excludedTerms, highlightTerms, objectTerms), searchTerms);
}
