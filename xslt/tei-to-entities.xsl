<?xml version="1.0" encoding="UTF-8"?>
<!-- The entities table (a module of xslt/tables/tei-to-tables.xsl): one row per register entry (person,
     personGrp, place, org with an xml:id) found in the batch, a document's standOff or a register file
     given as an option; the first entry of each id in the batch. Rows are U+FDD0/U+FDD1-separated
     cells (tt:table), since Python keeps the first row per id over the whole corpus and adds counts. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all">

  <!-- one row per id in the batch (the first one): documents repeat the entries they share. $ids holds
       the tt:document-id of the batch's documents by generate-id (found once per document: without
       an xml:id, a document's number counts the TEI before it) -->
  <xsl:function name="tt:entities-table" as="xs:string">
    <xsl:param name="batch" as="node()"/>
    <xsl:param name="ids" as="map(xs:string, xs:string)"/>
    <!-- ids listed in <batch><known> were sent with an earlier batch of this export: left out -->
    <xsl:variable name="known" as="map(xs:string, xs:boolean)"
        select="map:merge(tokenize(string($batch/batch/known)) ! map:entry(., true()))"/>
    <xsl:variable name="rows" as="xs:string*">
      <xsl:for-each-group select="$batch//doc ! tt:doc-entries(.)[not(map:contains($known, string(@xml:id)))]"
                          group-by="@xml:id">
        <xsl:variable name="tei" select="ancestor::tei:TEI[1]"/>
        <xsl:variable name="id" select="$ids(generate-id($tei))"/>
        <xsl:sequence select="tt:entity-row(., if (exists($id)) then $id else tt:document-id($tei))"/>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:sequence select="tt:table($entity_columns, $rows)"/>
  </xsl:function>

  <xsl:variable name="entity_columns" select="('id', 'type', 'label', 'variants', 'wikidata', 'geonames', 'viaf',
      'gnd', 'idnos', 'birth_text', 'death_text', 'lat', 'long', 'resp', 'cert', 'file', 'source')"/>

  <xsl:function name="tt:doc-entries" as="element()*">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="tt:documents($doc) ! tt:entries(.)"/>
  </xsl:function>

  <!-- One row: the cells joined by U+FDD0 in the order of $entity_columns (empty = missing). Built as
       one string-join of single strings, without an array or a helper call per cell: this runs once per
       entry of the batch, and each XPath step or call costs microseconds in saxonche. -->
  <xsl:function name="tt:entity-row" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="source" as="xs:string"/>
    <xsl:variable name="label" select="tt:label($e)"/>
    <xsl:variable name="names" select="$e/(tei:persName | tei:placeName | tei:orgName | tei:name
                                       | tei:settlement | tei:country | tei:geogName)
                                       ! normalize-space(string-join(.//text(), ' '))"/>
    <xsl:variable name="idno" select="$e/tei:idno"/>
    <!-- the values an authority id may come from (see tt:authority): the idno (their types in $types,
         lower case), then the URIs of @ref, @sameAs, @corresp; none for many entries -->
    <xsl:variable name="uris" as="xs:string*"
        select="if (empty($idno) and empty($e/(@ref, @sameAs, @corresp))) then ()
                else ($idno, $e/(@ref, @sameAs, @corresp) ! tokenize(.)) ! normalize-space(.)"/>
    <xsl:variable name="types" as="xs:string*" select="$idno ! lower-case(@type)"/>
    <xsl:variable name="geo" select="($e/tei:location/tei:geo)[1] ! tokenize(normalize-space(.), '[\s,]+')"/>
    <!-- both numbers or neither: half a pair would put a marker in the wrong place -->
    <xsl:variable name="coordinates" as="xs:boolean" select="count($geo) ge 2 and $geo[1] castable as xs:double
                                                             and $geo[2] castable as xs:double"/>
    <xsl:sequence select="string-join((
        string($e/@xml:id),
        tt:kind($e),
        string($label),
        string-join(distinct-values($names[. ne $label][.]), '; '),
        if (empty($uris)) then ('', '', '', '') else (
          tt:authority($types, $uris, 'wikidata', 'wikidata.org/', 'wikidata\.org/(wiki|entity)/(Q[0-9]+)'),
          tt:authority($types, $uris, 'geonames', 'geonames.org/', 'geonames\.org/([0-9]+)'),
          tt:authority($types, $uris, 'viaf', 'viaf.org/viaf/', 'viaf\.org/viaf/([0-9]+)'),
          tt:authority($types, $uris, 'gnd', 'd-nb.info/gnd/', 'd-nb\.info/gnd/([0-9X-]+)')),
        string-join($idno ! (@type || ':' || normalize-space(.)), '; '),
        string(($e/tei:birth[@when or @notBefore or @from])[1] ! (@when, @notBefore, @from)[1]),
        string(($e/tei:death[@when or @notAfter or @to])[1] ! (@when, @notAfter, @to)[1]),
        if ($coordinates) then $geo[1] else '',
        if ($coordinates) then $geo[2] else '',
        string($e/@resp),
        string($e/@cert),
        string($e/ancestor::doc[1]/@file),
        $source
      ), $cell)"/>
  </xsl:function>

  <!-- An authority id: the first non-empty idno of that type, else the id inside a URI (idno, @ref,
       @sameAs, @corresp) in its last group; '' when there is none. $uris are the normalised values,
       idno first, $types the idno's types in lower case. Only values containing $host are matched
       against the regular expression $uri (in saxonche a regular expression costs tens of
       microseconds per call). -->
  <xsl:function name="tt:authority" as="xs:string">
    <xsl:param name="types" as="xs:string*"/>
    <xsl:param name="uris" as="xs:string*"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:param name="host" as="xs:string"/>
    <xsl:param name="uri" as="xs:string"/>
    <xsl:sequence select="((for $i in index-of($types, $type) return $uris[$i])[.],
                           $uris[contains(., $host)][matches(., $uri)][1]
                           ! replace(analyze-string(., $uri)/*:match[1], '^.*/', ''), '')[1]"/>
  </xsl:function>
</xsl:stylesheet>
