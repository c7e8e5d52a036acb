<?xml version="1.0" encoding="UTF-8"?>
<!-- The entities table: one JSON object per register entry (person, personGrp, place, org with an
     xml:id) found in the batch: a document's standOff, or a register file given as an option. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all">

  <xsl:include href="tables/functions.xsl"/>
  <xsl:output method="json" indent="no"/>

  <xsl:template match="/">
    <xsl:sequence select="array{ //doc ! (for $e in tt:entries(.) return tt:entity-row($e)) }"/>
  </xsl:template>

  <xsl:function name="tt:entity-row" as="map(*)">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="label" select="tt:label($e)"/>
    <xsl:variable name="names" select="$e/(tei:persName | tei:placeName | tei:orgName | tei:name
                                       | tei:settlement | tei:country | tei:geogName)
                                       ! normalize-space(string-join(.//text(), ' '))"/>
    <xsl:variable name="geo" select="tokenize(normalize-space(($e/tei:location/tei:geo)[1]), '[\s,]+')"/>
    <xsl:variable name="tei" select="$e/ancestor::tei:TEI[1]"/>
    <xsl:sequence select="map{
        'id': string($e/@xml:id),
        'type': tt:kind($e),
        'label': $label,
        'variants': tt:opt(string-join(distinct-values($names[. ne $label][.]), '; ')),
        'wikidata': tt:idno($e, 'wikidata', 'wikidata\.org/(wiki|entity)/(Q[0-9]+)'),
        'geonames': tt:idno($e, 'geonames', 'geonames\.org/([0-9]+)'),
        'viaf': tt:idno($e, 'viaf', 'viaf\.org/viaf/([0-9]+)'),
        'gnd': tt:idno($e, 'gnd', 'd-nb\.info/gnd/([0-9X-]+)'),
        'idnos': tt:opt(string-join($e/tei:idno ! (@type || ':' || normalize-space(.)), '; ')),
        'birth': tt:opt(string(($e/tei:birth/(@when, @notBefore, @from))[1])),
        'death': tt:opt(string(($e/tei:death/(@when, @notAfter, @to))[1])),
        'lat': if (count($geo) ge 2 and $geo[1] castable as xs:double) then xs:double($geo[1]) else (),
        'long': if (count($geo) ge 2 and $geo[2] castable as xs:double) then xs:double($geo[2]) else (),
        'resp': tt:opt($e/@resp),
        'cert': tt:opt($e/@cert),
        'file': string($e/ancestor::doc[1]/@file),
        'source': if ($tei) then tt:document-id($tei) else string($e/ancestor::doc[1]/@file)
      }"/>
  </xsl:function>

  <!-- An authority id: idno of that type, else the id inside a URI (idno, @ref, @sameAs) in its last group. -->
  <xsl:function name="tt:idno" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:param name="uri" as="xs:string"/>
    <xsl:variable name="uris" select="($e/tei:idno, $e/(@ref, @sameAs, @corresp) ! tokenize(.))
                                      ! normalize-space(.)"/>
    <xsl:sequence select="(($e/tei:idno[lower-case(@type) eq $type] ! normalize-space(.))[.],
                           $uris[matches(., $uri)] ! replace(analyze-string(., $uri)/*:match[1], '^.*/', ''))[1]"/>
  </xsl:function>
</xsl:stylesheet>
