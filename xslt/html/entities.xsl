<?xml version="1.0" encoding="UTF-8"?>
<!-- Names in the text (persName, placeName, orgName, rs, name) as links to register entries,
     and the register entries themselves. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:key name="tt:entry" match="tei:person[@xml:id] | tei:personGrp[@xml:id] | tei:place[@xml:id] | tei:org[@xml:id]"
      use="string(@xml:id)"/>

  <xsl:variable name="tt:register-pages" as="map(xs:string, xs:string)"
      select="map{'person': 'persons.html', 'place': 'places.html', 'org': 'orgs.html'}"/>

  <!-- The entry an id names, seen from a node: the node's own document first, then the registers. -->
  <xsl:function name="tt:entry" as="element()?">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="doc" as="element()?" select="$context/ancestor-or-self::tt:doc[1]"/>
    <xsl:sequence select="(if ($doc) then key('tt:entry', $id, $doc) else (),
                           if (exists($registers)) then key('tt:entry', $id, $registers) else ())[1]"/>
  </xsl:function>

  <!-- Where an entry is shown: its register page and anchor. -->
  <xsl:function name="tt:entry-href" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="$tt:register-pages(tt:entry-kind($entry)) || '#' || $entry/@xml:id"/>
  </xsl:function>

  <!-- What a mention links to: one map per usable target (register entry or external http(s) URI). -->
  <xsl:function name="tt:targets" as="map(xs:string, item())*">
    <xsl:param name="mention" as="element()"/>
    <xsl:for-each select="distinct-values((tokenize(string($mention/@ref)), tokenize(string($mention/@key)) ! ('#' || .)))">
      <xsl:variable name="entry" as="element()?"
          select="if (starts-with(., '#')) then tt:entry(substring(., 2), $mention) else ()"/>
      <xsl:choose>
        <xsl:when test="$entry">
          <xsl:sequence select="map{'href': tt:entry-href($entry), 'label': tt:entry-label($entry),
              'kind': tt:entry-kind($entry), 'suggestion': tt:is-suggestion($entry),
              'cert': string($entry/@cert)}"/>
        </xsl:when>
        <xsl:when test="matches(., '^https?://', 'i') and tt:safe-url(.)">
          <xsl:sequence select="map{'href': tt:safe-url(.), 'label': string(.), 'kind': 'external',
              'suggestion': false(), 'cert': ''}"/>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <!-- A mention in running text. One target: the name is the link. Several targets, or a name
       holding other links: the name, then one small link per target (links never nest). -->
  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:rs | tei:name" mode="html">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="targets" as="map(xs:string, item())*" select="if (tt:is-mention(.)) then tt:targets(.) else ()"/>
    <xsl:variable name="kind" as="xs:string" select="($targets[1]?kind[. ne 'external'], tt:mention-kind(.), 'entity')[1]"/>
    <xsl:variable name="suggestion" as="xs:boolean" select="exists($targets[?suggestion])"/>
    <xsl:variable name="classes" as="xs:string"
        select="string-join(('entity', $kind, if ($suggestion) then 'suggestion' else (),
                             if (empty($targets) and (@ref or @key)) then 'unresolved' else ()), ' ')"/>
    <xsl:variable name="label" as="xs:string?"
        select="if (exists($targets)) then string-join($targets ! (if (?kind eq 'external') then () else ?label), '; ')[. ne '']
                else if (@ref or @key) then tt:ui($kind) || ', ' || tt:ui('unresolved') else ()"/>
    <xsl:choose>
      <xsl:when test="not(tt:is-mention(.))">
        <xsl:apply-templates mode="html"/>
      </xsl:when>
      <xsl:when test="empty($targets) or $in-link">
        <span class="{$classes}" data-label="{$label}">
          <xsl:if test="$label and not($in-link)"><xsl:attribute name="tabindex" select="0"/></xsl:if>
          <xsl:apply-templates mode="html"/>
        </span>
      </xsl:when>
      <xsl:when test="count($targets) eq 1 and not(.//tei:*[tt:is-mention(.) or self::tei:ref or self::tei:ptr])">
        <a class="{$classes}" href="{$targets?href}" data-label="{($label, $targets?label)[1]}"
           data-cert="{$targets?cert[. ne '']}">
          <xsl:apply-templates mode="html">
            <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{$classes}" data-label="{$label}">
          <xsl:apply-templates mode="html"/>
        </span>
        <sup class="entity-links">
          <xsl:for-each select="$targets">
            <xsl:if test="position() gt 1">, </xsl:if>
            <a class="entity-link {?kind}{if (?suggestion) then ' suggestion' else ''}" href="{?href}"
               data-label="{?label}">{position()}</a>
          </xsl:for-each>
        </sup>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Every entry the edition knows: the registers, then each document's own entries (first wins). -->
  <xsl:function name="tt:all-entries" as="element()*">
    <xsl:param name="edition" as="node()"/>
    <xsl:for-each-group group-by="string(@xml:id)"
        select="($registers//(tei:person | tei:personGrp | tei:place | tei:org)[@xml:id],
                 $edition//tt:doc//(tei:person | tei:personGrp | tei:place | tei:org)[@xml:id])">
      <xsl:sequence select="current-group()[1]"/>
    </xsl:for-each-group>
  </xsl:function>

  <!-- One register entry with its names, dates or coordinates, authority links and mentions. -->
  <xsl:template match="tei:person | tei:personGrp | tei:place | tei:org" mode="entry">
    <xsl:param name="mentions" as="element()*"/>
    <xsl:variable name="geo" as="xs:double*" select="tt:geo(.)"/>
    <xsl:variable name="variants" as="xs:string*" select="tt:entry-names(.)[position() gt 1]"/>
    <article class="entry{if (tt:is-suggestion(.)) then ' suggestion' else ''}" id="{@xml:id}">
      <h2>{tt:entry-label(.)}</h2>
      <xsl:if test="tt:is-suggestion(.)">
        <p class="badge">{tt:ui('suggestion')}{if (@cert) then ' (' || tt:ui('certainty') || ': ' || @cert || ')' else ''}</p>
      </xsl:if>
      <dl class="facts">
        <xsl:if test="exists($variants)">
          <dt>{tt:ui('also')}</dt><dd class="names">{string-join($variants, '; ')}</dd>
        </xsl:if>
        <xsl:for-each select="tei:birth, tei:death, tei:floruit">
          <dt>{tt:ui(if (self::tei:birth) then 'born' else if (self::tei:death) then 'died' else 'dates')}</dt>
          <dd>{(tt:normalize(.)[. ne ''], string-join((@when, @from, @notBefore, @to, @notAfter), '–'))[1]}</dd>
        </xsl:for-each>
        <xsl:if test="exists($geo)">
          <dt>{tt:ui('coordinates')}</dt>
          <dd><a href="map.html#map-{@xml:id}">{format-number($geo[1], '0.0###')}, {format-number($geo[2], '0.0###')}</a></dd>
        </xsl:if>
        <xsl:variable name="links" as="element()*" select="tei:idno[tt:authority-url(.)]"/>
        <xsl:if test="exists($links)">
          <dt>{tt:ui('authority')}</dt>
          <dd>
            <xsl:for-each select="$links">
              <xsl:if test="position() gt 1">, </xsl:if>
              <a class="external" rel="noopener" href="{tt:authority-url(.)}">{tt:authority-label(.)}</a>
            </xsl:for-each>
          </dd>
        </xsl:if>
        <xsl:for-each select="tei:note[normalize-space()]">
          <dt>{tt:ui('note')}</dt><dd>{tt:normalize(.)}</dd>
        </xsl:for-each>
      </dl>
      <h3>{tt:ui('mentions')} ({count($mentions)})</h3>
      <xsl:choose>
        <xsl:when test="empty($mentions)"><p class="none">{tt:ui('no-mentions')}</p></xsl:when>
        <xsl:otherwise>
          <ul class="mentions">
            <xsl:for-each-group select="$mentions" group-adjacent="ancestor::tt:doc[1]/@id">
              <xsl:variable name="doc" as="element()" select="ancestor::tt:doc[1]"/>
              <li>
                <cite>{tt:doc-title($doc)}</cite>
                <ul>
                  <xsl:apply-templates select="current-group()" mode="mention-context"/>
                </ul>
              </li>
            </xsl:for-each-group>
          </ul>
        </xsl:otherwise>
      </xsl:choose>
    </article>
  </xsl:template>

  <!-- How a block is named in lists of mentions and search hits: "¶ 3", "Note 2", "heading". -->
  <xsl:function name="tt:block-name" as="xs:string">
    <xsl:param name="block" as="element()"/>
    <xsl:sequence select="if ($block/@tt:n) then tt:ui('paragraph') || ' ' || $block/@tt:n
        else if ($block/@tt:note) then tt:ui('note') || ' ' || $block/@tt:note
        else tt:ui(if (local-name($block) = ('head', 'item', 'cell', 'l', 'ab', 'byline')) then local-name($block) else 'other-block')"/>
  </xsl:function>

  <!-- A mention as a back-link to its paragraph with a few words either side. -->
  <xsl:template match="*" mode="mention-context">
    <xsl:variable name="doc" as="element()" select="ancestor::tt:doc[1]"/>
    <xsl:variable name="block" as="element()?" select="ancestor::*[@tt:anchor][1]"/>
    <xsl:variable name="scope" as="element()" select="($block, ancestor::tei:text[1])[1]"/>
    <xsl:variable name="texts" as="text()*" select="$scope//text()[not(ancestor::tei:note[. &gt;&gt; $scope])]"/>
    <xsl:variable name="own" as="text()*" select=".//text()"/>
    <xsl:variable name="before" as="xs:string" select="string-join(($texts except $own)[. &lt;&lt; current()], '')"/>
    <xsl:variable name="after" as="xs:string" select="string-join(($texts except $own)[. &gt;&gt; current()], '')"/>
    <xsl:variable name="before-words" as="xs:string*" select="tokenize(normalize-space($before))"/>
    <xsl:variable name="after-words" as="xs:string*" select="tokenize(normalize-space($after))"/>
    <li>
      <a href="{$doc/@href}{$block/@tt:anchor ! ('#' || .)}">{if ($block) then tt:block-name($block) else tt:doc-title($doc)}</a>
      <xsl:text>: </xsl:text>
      <span class="context">
        <xsl:if test="count($before-words) gt $context_words">… </xsl:if>
        <xsl:value-of select="$before-words[position() gt last() - $context_words]"/>
        <xsl:if test="matches($before, '\s$')"><xsl:text> </xsl:text></xsl:if>
        <mark>{tt:normalize(.)}</mark>
        <xsl:if test="matches($after, '^\s')"><xsl:text> </xsl:text></xsl:if>
        <xsl:value-of select="$after-words[position() le $context_words]"/>
        <xsl:if test="count($after-words) gt $context_words"> …</xsl:if>
      </span>
    </li>
  </xsl:template>

</xsl:stylesheet>
