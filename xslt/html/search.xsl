<?xml version="1.0" encoding="UTF-8"?>
<!-- The search page and the static search index (JSON) it reads. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="search-page">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="tt:ui('search')"/>
      <xsl:with-param name="current" select="'search'"/>
      <xsl:with-param name="scripts" select="('search-index.js', 'search.js')"/>
      <xsl:with-param name="content">
        <h1>{tt:ui('search')}</h1>
        <form class="search" role="search" action="search.html" method="get">
          <label for="tt-q">{tt:ui('search-label')}</label>
          <input type="search" id="tt-q" name="q" autocomplete="off"/>
          <button type="submit">{tt:ui('search-button')}</button>
        </form>
        <noscript><p>{tt:ui('search-needs-js')}</p></noscript>
        <p id="tt-search-status" class="count" aria-live="polite"></p>
        <ol id="tt-search-results" class="results"></ol>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The index as a JSON string: documents, outermost text blocks, and register entries. -->
  <xsl:template name="search-index" as="xs:string">
    <xsl:variable name="edition" as="document-node()" select="root(.)"/>
    <xsl:variable name="docs" as="element()*" select="/tt:edition/tt:doc"/>
    <xsl:variable name="index" as="map(*)" select="map{
        'documents': array{ $docs ! map{'href': string(@href), 'title': tt:doc-title(.),
                                        'author': string-join(tt:doc-authors(.), '; '),
                                        'date': tt:normalize(tt:doc-date(.))} },
        'blocks': array{ for $d in 1 to count($docs) return
            $docs[$d]//tei:text//*[@tt:anchor][not(ancestor::*[@tt:anchor]) or self::tei:note] ! map{
              'd': $d - 1, 'a': string(@tt:anchor), 'n': tt:block-name(.), 't': tt:block-text(.)} },
        'entities': array{ tt:all-entries($edition) ! map{
              'href': tt:entry-href(.), 'kind': tt:entry-kind(.), 'label': tt:entry-label(.),
              'names': array{ tt:entry-names(.) },
              'mentions': count(key('tt:mentions', string(@xml:id), $edition))} }
      }"/>
    <xsl:sequence select="serialize($index, map{'method': 'json', 'indent': false()})"/>
  </xsl:template>

</xsl:stylesheet>
