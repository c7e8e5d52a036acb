<?xml version="1.0" encoding="UTF-8"?>
<!-- Functions shared by the table stylesheets: which elements are mentions, what kind they are,
     which entry they point at, and what a document is called. No templates here. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all">

  <xsl:include href="params.xsl"/>

  <!-- Element name or @type value → kind (person, place, org); anything else keeps its own name. -->
  <xsl:variable name="kinds" as="map(xs:string, xs:string)" select="map{
      'persName': 'person', 'person': 'person', 'pers': 'person', 'personGrp': 'person',
      'placeName': 'place', 'place': 'place', 'settlement': 'place', 'country': 'place',
      'orgName': 'org', 'org': 'org', 'organisation': 'org', 'organization': 'org'}"/>

  <!-- The entity elements counted as mentions (inside tei:text only): persName, placeName, orgName;
       rs and name unless inside one of those (there they are parts of a name, such as name type="reg"). -->
  <xsl:function name="tt:is-mention" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="$e/self::tei:persName or $e/self::tei:placeName or $e/self::tei:orgName
                          or ($e/(self::tei:rs | self::tei:name)
                              and not($e/ancestor::*[self::tei:persName or self::tei:placeName
                                                     or self::tei:orgName]))"/>
  </xsl:function>

  <xsl:function name="tt:kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="named" select="$kinds(local-name($e))"/>
    <xsl:sequence select="if ($e/self::tei:rs or $e/self::tei:name)
                          then ($kinds(string($e/@type)), string($e/@type)[.], 'other')[1]
                          else $named"/>
  </xsl:function>

  <xsl:function name="tt:is-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="namespace-uri($e) eq 'http://www.tei-c.org/ns/1.0'
                          and local-name($e) = $block_names"/>
  </xsl:function>

  <!-- Register entries: any person/place/org (or group) with an xml:id. -->
  <xsl:function name="tt:entries" as="element()*">
    <xsl:param name="scope" as="node()"/>
    <xsl:sequence select="$scope//(tei:person | tei:personGrp | tei:place | tei:org)[@xml:id]"/>
  </xsl:function>

  <!-- The preferred name of an entry: its first name element not typed as a variant. -->
  <xsl:function name="tt:label" as="xs:string?">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="names" select="$entry/(tei:persName | tei:placeName | tei:orgName | tei:name
                                       | tei:settlement | tei:country | tei:geogName)"/>
    <xsl:sequence select="(($names[not(@type = ('variant', 'alt', 'alternative'))], $names)[1]
                           ! normalize-space(string-join(.//text(), ' ')))[.][1]"/>
  </xsl:function>

  <!-- Document id: TEI/@xml:id, else the file stem (numbered when a file holds several TEI). -->
  <xsl:function name="tt:document-id" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="if ($tei/@xml:id) then string($tei/@xml:id) else tt:numbered-id($tei)"/>
  </xsl:function>

  <xsl:function name="tt:numbered-id" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="doc" select="$tei/ancestor::doc[1]"/>
    <xsl:sequence select="if (count($doc//tei:TEI) le 1) then string($doc/@stem)
                          else $doc/@stem || '-' || (count($tei/preceding::tei:TEI[ancestor::doc[1] is $doc])
                                                     + count($tei/ancestor::tei:TEI) + 1)"/>
  </xsl:function>

  <!-- The documents of one input batch: the innermost TEI elements (teiCorpus is a container). -->
  <xsl:function name="tt:documents" as="element(tei:TEI)*">
    <xsl:param name="batch" as="node()"/>
    <xsl:sequence select="$batch//tei:TEI[not(tei:TEI)]"/>
  </xsl:function>

  <!-- Rows travel to Python (tei_toolkit.export.extract.read_rows) as text: a header of column names,
       then the rows; cells are separated by U+FDD0 and rows by U+FDD1, two Unicode noncharacters that
       no text contains (extract refuses a file that does), so no value needs escaping. Empty = missing. -->
  <xsl:variable name="cell" as="xs:string" select="'&#xFDD0;'"/>
  <xsl:variable name="line" as="xs:string" select="'&#xFDD1;'"/>

  <!-- A CSV cell (RFC 4180): quoted when it holds a quote, comma, CR or LF, as Python's csv module does.
       (contains() rather than matches(): regular expressions cost tens of microseconds per call in
       saxonche, so none is evaluated per row.) -->
  <xsl:function name="tt:csv" as="xs:string">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="if (empty($value)) then ''
                          else if (contains($value, '&quot;'))
                          then '&quot;' || replace($value, '&quot;', '&quot;&quot;', 'q') || '&quot;'
                          else if (contains($value, ',') or contains($value, '&#10;') or contains($value, '&#13;'))
                          then '&quot;' || $value || '&quot;'
                          else $value"/>
  </xsl:function>

  <xsl:function name="tt:table" as="xs:string">
    <xsl:param name="columns" as="xs:string*"/>
    <xsl:param name="rows" as="xs:string*"/>
    <xsl:sequence select="string-join((string-join($columns, $cell), $rows), $line)"/>
  </xsl:function>

</xsl:stylesheet>
