<?xml version="1.0" encoding="UTF-8"?>
<!-- The documents table (a module of xslt/tables/tei-to-tables.xsl): one CSV line (RFC 4180) per TEI
     document of the input batch (<batch><doc file="…" stem="…"><TEI/></doc>…</batch>, built by
     tei_toolkit.export.extract). The columns are those of tei_toolkit.export.schema.DOCUMENTS; the
     "date" column holds the date as written (pandas readers parse it). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all">

  <xsl:function name="tt:document-line" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="mentions" as="element()*"/>
    <xsl:param name="kinds" as="xs:string*"/>  <!-- tt:kind of each mention -->
    <xsl:variable name="file" select="$tei/tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="source" select="$file/tei:sourceDesc"/>
    <!-- words: tokens between runs of space, tab, CR, LF, as tokenize#1 (which Saxon splits without a
         regular expression: saxonche's cost tens of microseconds per paragraph) -->
    <xsl:variable name="words" select="count(tokenize(string($tei/tei:text)))"/>
    <xsl:variable name="authors" select="($file/tei:titleStmt/tei:author, $source//tei:author)"/>
    <!-- the first date element that carries one of the attributes, and its first by preference
         (`!`, not `/`: a path would take the attributes in their order in the file, which means nothing) -->
    <xsl:variable name="date" select="string((($source//tei:date[@when or @notBefore or @from])[1]
                                                  ! (@when, @notBefore, @from)[1],
                                              $file/tei:publicationStmt/tei:date/@when,
                                              ($tei/tei:teiHeader/tei:profileDesc//tei:date[@when or @notBefore])[1]
                                                  ! (@when, @notBefore)[1],
                                              $tei/tei:text//(tei:docDate | tei:byline//tei:date)/@when)[1])"/>
    <xsl:sequence select="string-join((
        tt:csv($id),
        tt:csv($tei/ancestor::doc[1]/@file),
        tt:csv((($file/tei:titleStmt/tei:title[@type = 'main'], $file/tei:titleStmt/tei:title)[1]
                ! normalize-space(.))),
        tt:csv(string-join(distinct-values(
                 $authors[ancestor::tei:titleStmt or not($file/tei:titleStmt/tei:author)]
                 ! normalize-space(.))[.], '; ')),
        tt:csv($date),
        tt:csv($date),
        tt:csv(string(($tei/@xml:lang, $tei/tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident,
                       $tei/tei:text/@xml:lang)[1])),
        tt:csv((($source//tei:ptr/@target, $source//tei:idno[@type = ('URI', 'URL', 'url')],
                 $source/(tei:bibl | tei:biblStruct | tei:msDesc/tei:msIdentifier))[1]
                ! normalize-space(if (. instance of attribute()) then string(.)
                                  else string-join(node() ! string(.), ' ')),
                normalize-space($source))[.][1]),
        tt:csv((($file/tei:publicationStmt/tei:availability) ! (tei:licence/@target, tei:licence, .)
                ! normalize-space(.))[.][1]),
        string($words),
        string(count($tei/tei:text//tei:p)),
        string(count($mentions)),
        string(count($kinds[. eq 'person'])),
        string(count($kinds[. eq 'place'])),
        string(count($kinds[. eq 'org'])),
        string(count($kinds[not(. = ('person', 'place', 'org'))]))
      ), ',') || '&#13;&#10;'"/>
  </xsl:function>
</xsl:stylesheet>
