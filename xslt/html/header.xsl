<?xml version="1.0" encoding="UTF-8"?>
<!-- A document's metadata from its teiHeader: title, author, date, source, licence. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:function name="tt:file-desc" as="element()?">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="$doc/*/tei:teiHeader/tei:fileDesc"/>
  </xsl:function>

  <xsl:function name="tt:doc-title" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="titles" as="element()*" select="tt:file-desc($doc)/tei:titleStmt/tei:title"/>
    <xsl:sequence select="(($titles[not(@type = ('sub', 'subtitle'))], $titles) ! tt:normalize(.)[. ne ''],
        tt:normalize(($doc//tei:text//tei:head)[1])[. ne ''], string($doc/@id))[1]"/>
  </xsl:function>

  <xsl:function name="tt:doc-authors" as="xs:string*">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="file-desc" as="element()?" select="tt:file-desc($doc)"/>
    <xsl:sequence select="(($file-desc/tei:titleStmt/tei:author ! tt:spaced-string(.))[. ne ''],
        ($file-desc/tei:sourceDesc//tei:author)[1] ! tt:spaced-string(.)[. ne ''])[1]"/>
  </xsl:function>

  <!-- The document's date element: the source's date, else the publication date. -->
  <xsl:function name="tt:doc-date" as="element()?">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="file-desc" as="element()?" select="tt:file-desc($doc)"/>
    <xsl:sequence select="($file-desc/tei:sourceDesc//tei:date, $doc/*/tei:teiHeader/tei:profileDesc/tei:correspDesc//tei:date,
        $file-desc/tei:publicationStmt/tei:date)[1]"/>
  </xsl:function>

  <!-- A sortable ISO form of the document's date ('' when unknown). -->
  <xsl:function name="tt:doc-date-iso" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="date" as="element()?" select="tt:doc-date($doc)"/>
    <xsl:sequence select="string(($date/(@when, @when-iso, @notBefore, @from)[matches(., '^\d{4}')])[1])"/>
  </xsl:function>

  <xsl:function name="tt:words" as="xs:integer">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="sum($doc//tei:text[not(ancestor::tei:text)] ! normalize-space(.)[. ne '']
        ! (string-length(.) - string-length(translate(., ' ', '')) + 1))"/>
  </xsl:function>

  <!-- The header block of a document page. -->
  <xsl:template match="tt:doc" mode="doc-header">
    <xsl:variable name="file-desc" as="element()?" select="tt:file-desc(.)"/>
    <xsl:variable name="date" as="element()?" select="tt:doc-date(.)"/>
    <xsl:variable name="bibl" as="element()?" select="($file-desc/tei:sourceDesc/(tei:bibl | tei:biblStruct | tei:biblFull | tei:msDesc))[1]"/>
    <xsl:variable name="source-url" as="xs:string?"
        select="($bibl//(tei:ptr | tei:ref)/@target ! tt:safe-url(.)[matches(., '^https?://', 'i')],
                 $bibl//tei:idno[@type = ('URI', 'URL', 'url', 'uri')] ! tt:safe-url(normalize-space(.))[matches(., '^https?://', 'i')])[1]"/>
    <xsl:variable name="licence" as="element()?" select="($file-desc/tei:publicationStmt/tei:availability/(tei:licence, tei:p))[1]"/>
    <xsl:variable name="licence-url" as="xs:string?" select="$licence/@target ! tt:safe-url(.)"/>
    <header class="doc-header">
      <h1>{tt:doc-title(.)}</h1>
      <dl class="meta">
        <xsl:if test="exists(tt:doc-authors(.))">
          <dt>{tt:ui('author')}</dt><dd>{string-join(tt:doc-authors(.), '; ')}</dd>
        </xsl:if>
        <xsl:if test="$date">
          <dt>{tt:ui('date')}</dt>
          <dd><xsl:apply-templates select="$date" mode="html"/></dd>
        </xsl:if>
        <xsl:if test="$bibl or exists($source-url)">
          <dt>{tt:ui('source')}</dt>
          <dd>
            <xsl:value-of select="if ($bibl/self::tei:msDesc) then string-join($bibl/tei:msIdentifier/* ! tt:normalize(.)[. ne ''], ', ')
                                  else if ($bibl/text()[normalize-space()]) then tt:spaced-string($bibl)
                                  else string-join($bibl/(* except (tei:ptr | tei:ref[not(node())] | tei:idno[@type = ('URI', 'URL', 'url', 'uri')]))
                                                   ! tt:normalize(.)[. ne ''], ', ')"/>
            <xsl:if test="exists($source-url)">
              <xsl:text> </xsl:text>
              <a class="external" rel="noopener" href="{$source-url}">{$source-url}</a>
            </xsl:if>
          </dd>
        </xsl:if>
        <xsl:if test="$file-desc/tei:publicationStmt/tei:publisher[normalize-space()]">
          <dt>{tt:ui('publisher')}</dt><dd>{tt:normalize($file-desc/tei:publicationStmt/tei:publisher[1])}</dd>
        </xsl:if>
        <xsl:if test="$licence">
          <dt>{tt:ui('licence')}</dt>
          <dd>
            <xsl:choose>
              <xsl:when test="exists($licence-url)">
                <a rel="license noopener" href="{$licence-url}">{(tt:normalize($licence)[. ne ''], $licence-url)[1]}</a>
              </xsl:when>
              <xsl:otherwise>{tt:normalize($licence)}</xsl:otherwise>
            </xsl:choose>
          </dd>
        </xsl:if>
      </dl>
    </header>
  </xsl:template>

</xsl:stylesheet>
